// Command fangtan indexes, searches and serves Chinese interviews on
// industrial policy.
//
//	fangtan serve   [-addr 127.0.0.1:8080] [-data ./data]   serve the API and pages
//	fangtan index   -data DIR PATH…                        add files or folders
//	fangtan search  -data DIR [-city 惠州] QUERY              search in the terminal
//	fangtan inspect [--json] FILE…                           show what parsing extracts
//	fangtan synth   -articles N [-paragraphs P] [-seed S]     write a synthetic corpus (JSONL)
//	fangtan load    [-url URL] [-c 1,8,32] [-d 10s] [-facets] load-test a server on this machine
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

type command struct {
	name  string
	short string
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands []command

func register(c command) { commands = append(commands, c) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code, so tests can
// call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			if err := c.run(ctx, args[1:], stdout, stderr); err != nil {
				if err == errUsage {
					return 2
				}
				fmt.Fprintf(stderr, "fangtan %s: %v\n", c.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "fangtan: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// errUsage reports a usage error that the flag package already printed.
var errUsage = fmt.Errorf("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: fangtan <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'fangtan <command> -h' for the flags of a command.")
}
