// Package index is fangtan's search index on Bleve, and the only package
// that imports Bleve: the mapping and analyzers, writes and generations on
// disk (Open, Rebuild, Live), the Bleve queries built from a parsed query
// (package querylang), the ranking, the collector and its columns, facets
// and the result cache. For suggestions, related searches and figure
// search it finds and reads the paragraphs within fixed budgets, and
// packages suggest, related and figsearch make the answer of them. It
// implements the interfaces of package model, which is all the server
// sees of it (server.Index).
package index
