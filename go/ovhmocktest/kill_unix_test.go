//go:build unix

package ovhmocktest_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ovhmock/ovhmocktest"
)

const childEnv = "OVHMOCKTEST_KILL_CHILD"

// Run as a child process by TestKilledTestProcessLeavesNoServer: starts a server, prints
// its pid and waits to be killed.
func TestKillChildProcess(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("run by TestKilledTestProcessLeavesNoServer")
	}
	s := ovhmocktest.Start(t)
	fmt.Printf("ovhmock-pid=%d\n", s.PID)
	time.Sleep(time.Minute)
}

// alive tells whether pid is a running process (a zombie waiting to be reaped is not).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return !os.IsNotExist(err)
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) == 0 || fields[0] != "Z"
}

// A test process killed with SIGKILL runs no cleanup; the server must still go.
func TestKilledTestProcessLeavesNoServer(t *testing.T) {
	t.Parallel()
	child := exec.Command(os.Args[0], "-test.run=^TestKillChildProcess$", "-test.count=1")
	child.Env = append(os.Environ(), childEnv+"=1")
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = child.Process.Kill(); _ = child.Wait() }()

	pid := 0
	lines := bufio.NewScanner(out)
	for pid == 0 && lines.Scan() {
		if strings.HasPrefix(lines.Text(), "ovhmock-pid=") {
			pid, _ = strconv.Atoi(strings.TrimPrefix(lines.Text(), "ovhmock-pid="))
		}
	}
	if pid == 0 {
		t.Fatalf("the child printed no server pid (%v)", lines.Err())
	}
	if !alive(pid) {
		t.Fatalf("server %d not running before the kill", pid)
	}
	killed := time.Now()
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	for alive(pid) {
		if time.Since(killed) > 5*time.Second {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("server %d still running 5 s after its test process was killed", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("server %d gone %v after SIGKILL of its test process", pid, time.Since(killed).Round(time.Millisecond))
}
