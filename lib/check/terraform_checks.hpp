// The gate's Terraform rules: `terraform-fmt`, `terraform-validate`, `terraform-plan`.
#pragma once

#include "check/push_context.hpp"
#include "report/finding.hpp"

#include <string>

namespace slipway::check {

/// How the gate runs terraform.
struct TerraformCheckOptions {
    int pusher_fd = 2;                 ///< where a plan's output streams as it comes; -1: nowhere
    std::string program = "terraform"; ///< looked up on PATH unless it holds a '/'
};

/// The Terraform rules of the policy's `terraform:` section, over every update of `ctx` that
/// is not a deletion and points at a commit. The root modules are the `dirs` of every
/// environment's terraform targets; an update checks those it changes (their files or the
/// local modules they use) compared with `old` — for a new ref, with its merge base with the
/// HEAD branch (all of them when there is none). The pushed commit is checked out, symlinks
/// kept inside, into a scratch directory under `<git_dir>/slipway/tmp/`, removed afterwards.
/// Each file `terraform fmt -check` would rewrite is a `terraform-fmt` error, each diagnostic
/// of `terraform validate` a `terraform-validate` finding at its file:line:col. Only for a
/// pusher listed in `terraform.plan.pushers`, and only while `out` holds no error, each
/// changed root module is planned (state read, not locked, nothing applied) with the output
/// streamed to `options.pusher_fd`; a failing plan is a `terraform-plan` error. Appends to
/// `out`. Fails when a check cannot run (terraform missing, a checkout failing): the gate
/// then rejects the push.
Status check_terraform(const PushContext& ctx, Findings& out,
                       const TerraformCheckOptions& options = {});

} // namespace slipway::check
