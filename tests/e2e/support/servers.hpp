// E2E harness: real git servers (sshd, nginx + fcgiwrap + git-http-backend, Apache +
// git-http-backend, gitolite, git daemon), each started by the test on a free loopback port
// with its config in the sandbox.
#pragma once

#include "support/apache_server.hpp"
#include "support/git_daemon.hpp"
#include "support/gitolite_server.hpp"
#include "support/http_server.hpp"
#include "support/server_process.hpp"
#include "support/ssh_server.hpp"
