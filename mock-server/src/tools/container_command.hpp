#pragma once
// `ovhmock container [options]`: the server with the container image's defaults.
namespace ovhmock {
// Rewrites argc/argv (`ovhmock container ...`) into the server's own options: listen on
// 0.0.0.0:8080, --admin-token from OVHMOCK_ADMIN_TOKEN, options from OVHMOCK_OPTIONS, then
// the options given after `container` (the last of a repeated option wins). Prints the
// error and exits 2 on a bad OVHMOCK_OPTIONS.
void use_container_defaults(int& argc, char**& argv);
}  // namespace ovhmock
