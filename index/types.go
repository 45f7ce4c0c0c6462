package index

import (
	"fmt"

	"fangtan/index/model"
)

func invalidf(param, format string, args ...any) error {
	return &model.Error{Kind: model.Invalid, Param: param, Msg: fmt.Sprintf(format, args...)}
}
