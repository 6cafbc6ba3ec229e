#include "modules/cases/supervisor.h"

namespace civicgrid::cases {

base::Result<SupervisionRun> Supervisor::RunOnce() {
  const access::Actor system = access::SystemActor();
  SupervisionRun run;
  auto districts = areas_.AreasAtLevel(areas::AreaLevel::kDistrict);
  if (!districts) return tl::unexpected(districts.error());
  const base::TimeMs now = clock_.NowMs();
  for (const auto& district : *districts) {
    // 督办: the department's clock (claim, handle) or the inspector's (verify) ran out.
    auto late = repo_.ListUnattendedOverdue(
        district.code, {CaseState::kDispatched, CaseState::kInProgress, CaseState::kHandled}, now,
        "supervise", false, config_.batch);
    if (!late) return tl::unexpected(late.error());
    for (const auto& c : *late) {
      ActionInput in;
      in.note =
          "超时自动督办：" + std::string(c.stage ? catalog::StageName(*c.stage) : "") + " 时限已过";
      auto done = cases_.Act(system, c.id, "supervise", in);
      if (done) {
        ++run.supervised;
      } else if (done.error().code == base::Code::kConflict ||
                 done.error().code == base::Code::kFailedPrecondition) {
        ++run.skipped;
      } else {
        return tl::unexpected(done.error());
      }
    }
    // 升级: still overdue long after the deadline, at any running stage, below the district.
    auto stuck = repo_.ListUnattendedOverdue(
        district.code,
        {CaseState::kReported, CaseState::kDispatched, CaseState::kInProgress, CaseState::kHandled},
        now - config_.escalate_after_ms, "escalate", true, config_.batch);
    if (!stuck) return tl::unexpected(stuck.error());
    for (const auto& c : *stuck) {
      ActionInput in;
      in.reason = "超时未办结，自动升级至上一级网格中心";
      auto done = cases_.Act(system, c.id, "escalate", in);
      if (done) {
        ++run.escalated;
      } else if (done.error().code == base::Code::kConflict ||
                 done.error().code == base::Code::kFailedPrecondition ||
                 done.error().code == base::Code::kPermissionDenied) {
        ++run.skipped;
      } else {
        return tl::unexpected(done.error());
      }
    }
  }
  return run;
}

}  // namespace civicgrid::cases
