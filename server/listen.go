package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
)

// runner is the listening side of a Server.
type runner struct {
	mu   sync.Mutex
	http *http.Server
	ln   net.Listener
}

// Listen binds addr ("127.0.0.1:8080"; port 0 picks a free port) at once,
// so a port in use is an error here, not later. Serve then answers on it.
func (s *Server) Listen(addr string) error {
	s.runner.mu.Lock()
	defer s.runner.mu.Unlock()
	if s.runner.ln != nil {
		return errors.New("server: already listening")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	s.runner.ln = ln
	s.runner.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return nil
}

// Addr is the address Listen bound (with the real port), or nil before.
func (s *Server) Addr() net.Addr {
	s.runner.mu.Lock()
	defer s.runner.mu.Unlock()
	if s.runner.ln == nil {
		return nil
	}
	return s.runner.ln.Addr()
}

// Serve answers requests on the listener until Shutdown; it returns nil
// after a graceful shutdown.
func (s *Server) Serve() error {
	s.runner.mu.Lock()
	hs, ln := s.runner.http, s.runner.ln
	s.runner.mu.Unlock()
	if hs == nil {
		return errors.New("server: Serve before Listen")
	}
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

// Shutdown stops accepting connections, marks the server not ready, and
// waits for in-flight requests to finish, at most until ctx ends or
// Config.ShutdownTimeout passes; then it closes the remaining connections
// and returns the context's error. The caller closes the index afterwards.
func (s *Server) Shutdown(ctx context.Context) error {
	s.SetReady(false)
	s.runner.mu.Lock()
	hs := s.runner.http
	s.runner.mu.Unlock()
	if hs == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		hs.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	return nil
}
