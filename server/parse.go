package server

import "fangtan/article"

// parseArticle is the default Config.Parse.
var parseArticle = article.Parse
