#include "modules/cases/notices.h"

#include "modules/access/audience.h"

namespace civicgrid::cases {
namespace {

using access::Role;

std::vector<Notice> ToDepartments(const Case& c, const std::string& kind, const std::string& text,
                                  bool assisting) {
  std::vector<Notice> out;
  if (c.department_id) {
    out.push_back({access::DepartmentAudience(*c.department_id), kind, text});
  }
  if (assisting) {
    for (int64_t d : c.assisting_department_ids) {
      out.push_back({access::DepartmentAudience(d), kind, text + "（协办）"});
    }
  }
  return out;
}

}  // namespace

std::string CentreAudience(const Case& c) {
  switch (c.level) {
    case areas::AreaLevel::kCommunity:
      return access::RoleAudience(Role::kCommunityWorker, c.community_code);
    case areas::AreaLevel::kDistrict:
      return access::RoleAudience(Role::kDistrictManager, c.district_code);
    default:
      return access::RoleAudience(Role::kDispatcher, c.street_code);
  }
}

std::vector<Notice> NoticesFor(const Case& c, const CaseEvent& e) {
  const std::string& a = e.action;
  const std::string centre = CentreAudience(c);
  auto with_centre = [&](std::vector<Notice> out, const std::string& kind,
                         const std::string& text) {
    out.push_back({centre, kind, text});
    return out;
  };
  if (a == "report") return {{centre, "new_case", "新上报案件，待立案"}};
  if (a == "dispatch") return ToDepartments(c, "task", "新派遣案件，请及时签收", true);
  if (a == "return") return {{centre, "returned", "案件被退回：" + e.note}};
  if (a == "request_extension") return {{centre, "extension_requested", "申请延期：" + e.note}};
  if (a == "approve_extension")
    return ToDepartments(c, "extension_decided", "延期申请已批准", false);
  if (a == "deny_extension") return ToDepartments(c, "extension_decided", "延期申请未批准", false);
  if (a == "report_handled") {
    return {{access::RoleAudience(Role::kInspector, c.grid_code), "to_verify",
             "案件已处置，请现场核查"}};
  }
  if (a == "verify") {
    if (e.details.count("result") && e.details.at("result") == "pass") {
      return {{centre, "to_close", "核查通过，待结案"}};
    }
    return with_centre(ToDepartments(c, "rework", "核查未通过，请返工：" + e.note, false), "rework",
                       "核查未通过，已返工");
  }
  if (a == "close" || a == "self_handle") {
    return {
        {access::UserAudience(c.reporter_id), "callback", "您反映的问题已办结，请评价处理结果"}};
  }
  if (a == "rate" && e.details.count("reopened")) {
    return with_centre(ToDepartments(c, "rework", "群众不满意，案件重新办理：" + e.note, false),
                       "reopened", "群众不满意，案件已重新打开");
  }
  if (a == "warn") {
    return with_centre(ToDepartments(c, "warning", "案件即将超时（黄灯）", false), "warning",
                       "案件即将超时（黄灯）");
  }
  if (a == "supervise") {
    return with_centre(ToDepartments(c, "supervised", "督办：案件已超时，请尽快办理", true),
                       "supervised", "案件已超时，已督办");
  }
  if (a == "escalate") {
    std::vector<Notice> out = ToDepartments(c, "escalated", "案件已升级至上一级网格中心", false);
    out.push_back({centre, "escalated", "案件升级至本中心：" + e.note});
    return out;
  }
  if (a == "suspend" || a == "resume") {
    return ToDepartments(c, a == "suspend" ? "suspended" : "resumed",
                         a == "suspend" ? "案件已挂起：" + e.note : "案件已恢复办理", false);
  }
  return {};
}

}  // namespace civicgrid::cases
