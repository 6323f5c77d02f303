//go:build windows

package main

// The Windows service: `xaso service install` registers xaso.exe with the service control
// manager (SCM) to start with the PC, `xaso service run` is what the SCM starts, and
// `xaso service uninstall` stops and removes it. The data lives beside xaso.exe
// (datadir.go) and the log is xaso.log in the data dir, since a service has no console.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/mgr"
)

// serviceName is the service's key in the SCM (`sc query xaso`); serviceDisplay is what
// services.msc shows.
const (
	serviceName    = "xaso"
	serviceDisplay = "Xã số (xaso)"
	serviceDesc    = "Phần mềm Xã số của UBND xã: máy chủ web, dữ liệu nằm trong thư mục data cạnh xaso.exe (the digital commune web server)"
)

// stopWait bounds how long uninstall waits for a running service to stop: the server's own
// graceful shutdown takes up to 10 s.
const stopWait = 30 * time.Second

func runService(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("xaso service: install [serve flags] | uninstall | run [serve flags]")
	}
	switch args[0] {
	case "install":
		return installService(args[1:], getenv, stdout)
	case "uninstall":
		return uninstallService(stdout)
	case "run":
		return runAsService(args[1:], getenv)
	}
	return fmt.Errorf("xaso service: unknown action %q (install, uninstall or run)", args[0])
}

// installService registers the service (automatic start, restarted by the SCM if it dies)
// with `service run` and the serve flags given, then starts it.
func installService(args []string, getenv func(string) string, stdout io.Writer) error {
	exe := executable()
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("xaso service install: %w (chạy cửa sổ lệnh với quyền quản trị: run the command prompt as administrator)", err)
	}
	defer m.Disconnect()
	if s, err := m.OpenService(serviceName); err == nil {
		s.Close()
		return fmt.Errorf("xaso service install: dịch vụ %s đã có (already installed): run `xaso service uninstall` first", serviceName)
	}
	s, err := m.CreateService(serviceName, exe, mgr.Config{
		DisplayName:      serviceDisplay,
		Description:      serviceDesc,
		StartType:        mgr.StartAutomatic,
		DelayedAutoStart: true, // after the network is up
	}, append([]string{"service", "run"}, args...)...)
	if err != nil {
		return fmt.Errorf("xaso service install: %w", err)
	}
	defer s.Close()
	restart := []mgr.RecoveryAction{
		{Type: mgr.ServiceRestart, Delay: 5 * time.Second},
		{Type: mgr.ServiceRestart, Delay: 30 * time.Second},
		{Type: mgr.ServiceRestart, Delay: 2 * time.Minute},
	}
	if err := s.SetRecoveryActions(restart, uint32((24 * time.Hour).Seconds())); err != nil {
		fmt.Fprintln(stdout, "xaso service install: no restart on failure:", err)
	} else if err := s.SetRecoveryActionsOnNonCrashFailures(true); err != nil {
		// serve failing (the port taken, the database away) exits with code 1, not a crash.
		fmt.Fprintln(stdout, "xaso service install: no restart after an error exit:", err)
	}
	dir := dataDirOf(serveArgsBeside(exe, args, getenv), getenv)
	fmt.Fprintf(stdout, "Đã cài dịch vụ %q (service installed): %s service run %s\nDữ liệu (data): %s\nNhật ký (log): %s\n",
		serviceName, exe, strings.Join(args, " "), absBeside(exe, dir), filepath.Join(absBeside(exe, dir), logFileName))
	if err := s.Start(); err != nil {
		return fmt.Errorf("xaso service install: installed but not started: %w", err)
	}
	fmt.Fprintln(stdout, "Dịch vụ đã chạy (started); the address is in the log.")
	return nil
}

// uninstallService stops the service if it runs and removes it; the data stays.
func uninstallService(stdout io.Writer) error {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("xaso service uninstall: %w (chạy cửa sổ lệnh với quyền quản trị: run the command prompt as administrator)", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if err != nil {
		return fmt.Errorf("xaso service uninstall: dịch vụ %s chưa cài (not installed): %w", serviceName, err)
	}
	defer s.Close()
	if err := stopService(s); err != nil {
		return fmt.Errorf("xaso service uninstall: %w", err)
	}
	if err := s.Delete(); err != nil {
		return fmt.Errorf("xaso service uninstall: %w", err)
	}
	fmt.Fprintf(stdout, "Đã gỡ dịch vụ %q (service removed); dữ liệu vẫn còn nguyên (the data directory is kept).\n", serviceName)
	return nil
}

// stopService asks a running service to stop and waits until the SCM reports it stopped.
func stopService(s *mgr.Service) error {
	st, err := s.Query()
	if err != nil {
		return err
	}
	if st.State == svc.Stopped {
		return nil
	}
	if st, err = s.Control(svc.Stop); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	deadline := time.Now().Add(stopWait)
	for st.State != svc.Stopped {
		if time.Now().After(deadline) {
			return fmt.Errorf("the service did not stop within %s", stopWait)
		}
		time.Sleep(300 * time.Millisecond)
		if st, err = s.Query(); err != nil {
			return err
		}
	}
	return nil
}

// runAsService is what the SCM starts. The working directory becomes the executable's, so
// that a relative --data-dir or --db given at install means "beside xaso.exe" and not
// C:\Windows\System32.
func runAsService(args []string, getenv func(string) string) error {
	isService, err := svc.IsWindowsService()
	if err != nil {
		return fmt.Errorf("xaso service run: %w", err)
	}
	if !isService {
		return errors.New("xaso service run: only the service control manager starts this; in a console run `xaso serve` (or double-click xaso.exe)")
	}
	exe := executable()
	if err := os.Chdir(filepath.Dir(exe)); err != nil {
		return fmt.Errorf("xaso service run: %w", err)
	}
	args = serveArgsBeside(exe, args, getenv)
	log, err := openLog(dataDirOf(args, getenv))
	if err != nil {
		return fmt.Errorf("xaso service run: %w", err)
	}
	defer log.Close()
	h := &serviceHandler{args: args, getenv: getenv, log: log}
	if err := svc.Run(serviceName, h); err != nil {
		fmt.Fprintln(log, "xaso service run:", err)
		return err
	}
	return h.err
}

// serviceHandler runs serve until the SCM says stop or shutdown.
type serviceHandler struct {
	args   []string
	getenv func(string) string
	log    io.Writer
	err    error // serve's error, reported after svc.Run returns
}

// Execute runs serve under a context that the SCM's stop or shutdown cancels, which is the
// server's graceful shutdown (app.Serve: requests finish, workers stop, the database closes).
func (h *serviceHandler) Execute(_ []string, req <-chan svc.ChangeRequest, status chan<- svc.Status) (bool, uint32) {
	status <- svc.Status{State: svc.StartPending}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		fmt.Fprintf(h.log, "%s: service starting\n", versionString())
		done <- runServe(ctx, h.args, h.getenv, h.log, false)
	}()
	// Running at once: opening and migrating the database may take longer than the SCM's
	// start timeout, and a stop meanwhile cancels the start just as well.
	status <- svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}
	for {
		select {
		case err := <-done:
			return h.finish(err, status)
		case c := <-req:
			switch c.Cmd {
			case svc.Interrogate:
				status <- c.CurrentStatus
			case svc.Stop, svc.Shutdown:
				status <- svc.Status{State: svc.StopPending, WaitHint: uint32(stopWait.Milliseconds())}
				fmt.Fprintln(h.log, "xaso: service stopping")
				cancel()
				err := <-done
				if errors.Is(err, context.Canceled) {
					err = nil // stopped while still opening the database
				}
				return h.finish(err, status)
			}
		}
	}
}

// finish records serve's end in the log and tells the SCM: a failure is a service-specific
// exit code 1, which the recovery actions set at install answer with a restart.
func (h *serviceHandler) finish(err error, status chan<- svc.Status) (bool, uint32) {
	status <- svc.Status{State: svc.StopPending}
	if err != nil {
		h.err = err
		fmt.Fprintln(h.log, "xaso: service failed:", err)
		return true, 1
	}
	fmt.Fprintln(h.log, "xaso: service stopped")
	return false, 0
}

// absBeside makes dir absolute against the executable's directory, as the service sees it.
func absBeside(exe, dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(filepath.Dir(exe), dir)
}

// launchedByDoubleClick reports whether xaso.exe has a console of its own, which Windows gives
// a console program started from Explorer or a shortcut; started from cmd.exe or PowerShell it
// shares theirs and prints its usage as everywhere else.
func launchedByDoubleClick() bool {
	if isService, err := svc.IsWindowsService(); err != nil || isService {
		return false
	}
	var pids [2]uint32
	r, _, _ := getConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	return r == 1
}

// getConsoleProcessList is kernel32's GetConsoleProcessList, which x/sys does not wrap.
var getConsoleProcessList = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetConsoleProcessList")
