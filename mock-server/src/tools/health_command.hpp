#pragma once
// `ovhmock health [URL]`: asks a running server's control plane whether it is healthy.
namespace ovhmock {
int health_command(int argc, char** argv);
}
