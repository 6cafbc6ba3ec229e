#include "modules/cases/supervisor.h"

#include "modules/cases/deadline.h"

namespace civicgrid::cases {
namespace {

std::string StageOf(const Case& c) { return c.stage ? catalog::StageName(*c.stage) : ""; }

}  // namespace

base::Status Supervisor::ActOn(const std::vector<Case>& found, const std::string& action,
                               const std::function<bool(const Case&, ActionInput&)>& prepare,
                               int* done_count, int* skipped) {
  const access::Actor system = access::SystemActor();
  for (const auto& c : found) {
    ActionInput in;
    if (!prepare(c, in)) continue;
    auto done = cases_.Act(system, c.id, action, in);
    if (done) {
      ++*done_count;
      continue;
    }
    // Changed by someone meanwhile, or no longer allowed (escalated by hand to the top): the
    // next run looks again.
    const base::Code code = done.error().code;
    if (code != base::Code::kConflict && code != base::Code::kFailedPrecondition &&
        code != base::Code::kPermissionDenied) {
      return tl::unexpected(done.error());
    }
    ++*skipped;
  }
  return base::Ok();
}

base::Result<SupervisionRun> Supervisor::RunOnce() {
  SupervisionRun run;
  auto districts = areas_.AreasAtLevel(areas::AreaLevel::kDistrict);
  if (!districts) return tl::unexpected(districts.error());
  const base::TimeMs now = clock_.NowMs();
  const std::vector<CaseState> department_stages = {CaseState::kDispatched, CaseState::kInProgress,
                                                    CaseState::kHandled};
  for (const auto& district : *districts) {
    // 预警: the clock turned amber (80% of the allowed time used) on a department's or the
    // inspector's stage. Working-time clocks are checked exactly here, from the light.
    auto near = repo_.ListUnattendedNearDeadline(district.code, department_stages, now,
                                                 kAmberPercent, "warn", config_.batch);
    if (!near) return tl::unexpected(near.error());
    auto warned = ActOn(
        *near, "warn",
        [&](const Case& c, ActionInput& in) {
          in.note = "即将超时预警：" + StageOf(c) + " 时限已用去八成";
          return ViewClock(c, now, calendar_).light == Light::kAmber;
        },
        &run.warned, &run.skipped);
    if (!warned) return tl::unexpected(warned.error());

    // 督办: the department's clock (claim, handle) or the inspector's (verify) ran out.
    auto late = repo_.ListUnattendedOverdue(district.code, department_stages, now, "supervise",
                                            false, config_.batch);
    if (!late) return tl::unexpected(late.error());
    auto supervised = ActOn(
        *late, "supervise",
        [](const Case& c, ActionInput& in) {
          in.note = "超时自动督办：" + StageOf(c) + " 时限已过";
          return true;
        },
        &run.supervised, &run.skipped);
    if (!supervised) return tl::unexpected(supervised.error());

    // 升级: still overdue long after the deadline, at any running stage, below the district.
    auto stuck = repo_.ListUnattendedOverdue(
        district.code,
        {CaseState::kReported, CaseState::kDispatched, CaseState::kInProgress, CaseState::kHandled},
        now - config_.escalate_after_ms, "escalate", true, config_.batch);
    if (!stuck) return tl::unexpected(stuck.error());
    auto escalated = ActOn(
        *stuck, "escalate",
        [](const Case&, ActionInput& in) {
          in.reason = "超时未办结，自动升级至上一级网格中心";
          return true;
        },
        &run.escalated, &run.skipped);
    if (!escalated) return tl::unexpected(escalated.error());
  }
  return run;
}

}  // namespace civicgrid::cases
