#pragma once
// `ovhmock sign`: what a signature should be for given inputs.
namespace ovhmock {
int sign_command(int argc, char** argv);
}
