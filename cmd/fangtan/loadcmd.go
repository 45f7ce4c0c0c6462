package main

import (
	"context"
	"errors"
	"io"

	"fangtan/cmd/fangtan/loadgen"
)

func init() {
	register(command{
		name:  "load",
		short: "load-test a fangtan server on this machine (loopback only)",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			err := loadgen.Run(ctx, args, stdout, stderr)
			if errors.Is(err, loadgen.ErrUsage) {
				return errUsage
			}
			return err
		},
	})
}
