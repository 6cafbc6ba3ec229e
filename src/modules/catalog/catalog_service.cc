#include "modules/catalog/catalog_service.h"

#include <charconv>
#include <map>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "modules/areas/area_code.h"
#include "modules/catalog/routing.h"

namespace civicgrid::catalog {
namespace {

using access::Role;
using Errors = std::map<std::string, std::string>;

// A time limit longer than this (100000 minutes is about 70 days) is a typing error.
constexpr int64_t kMaxDurationAmount = 100000;

base::Status RequireSignedIn(const access::Actor& actor) {
  if (actor.user_id == 0 && actor.role != Role::kSystem)
    return base::Unauthenticated("log in first");
  return base::Ok();
}

base::Status RequireAdmin(const access::Actor& actor) {
  if (actor.role != Role::kAdmin && actor.role != Role::kSystem) {
    return base::PermissionDenied("only an administrator may change the catalog");
  }
  return base::Ok();
}

std::optional<int64_t> ParseId(std::string_view s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ';' || c == '|') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

base::Status Rejected(Errors errors) { return base::RejectedRows(std::move(errors)); }

std::string Line(const base::CsvRow& row) { return "line " + std::to_string(row.line); }

}  // namespace

base::Result<std::vector<Category>> CatalogService::Categories(const access::Actor& actor) {
  if (auto st = RequireSignedIn(actor); !st) return tl::unexpected(st.error());
  return repo_.ListCategories();
}

base::Result<std::vector<Department>> CatalogService::Departments(const access::Actor& actor) {
  if (auto st = RequireSignedIn(actor); !st) return tl::unexpected(st.error());
  return repo_.ListDepartments();
}

base::Result<std::vector<TimeLimitRule>> CatalogService::TimeLimits(const access::Actor& actor) {
  if (auto st = RequireSignedIn(actor); !st) return tl::unexpected(st.error());
  return repo_.ListTimeLimits();
}

base::Result<std::vector<ResponsibilityRule>> CatalogService::Responsibility(
    const access::Actor& actor) {
  if (auto st = RequireSignedIn(actor); !st) return tl::unexpected(st.error());
  return repo_.ListResponsibilityRules();
}

base::Result<int> CatalogService::ImportCategoriesCsv(const access::Actor& actor,
                                                      std::string_view text) {
  if (auto st = RequireAdmin(actor); !st) return tl::unexpected(st.error());
  auto table = base::ParseCsv(text);
  if (!table) return tl::unexpected(table.error());
  if (auto st = base::RequireColumns(*table, {"kind", "code", "name", "parent"}); !st) {
    return tl::unexpected(st.error());
  }
  Errors errors;
  std::vector<Category> rows;
  std::set<std::pair<CategoryKind, std::string>> classes;
  for (const auto& r : table->rows) {
    auto kind = ParseKind(table->Cell(r, "kind"));
    if (kind && table->Cell(r, "code").size() == 2) classes.insert({*kind, table->Cell(r, "code")});
  }
  for (const auto& r : table->rows) {
    auto kind = ParseKind(table->Cell(r, "kind"));
    Category c;
    c.code = table->Cell(r, "code");
    c.name = table->Cell(r, "name");
    c.parent_code = table->Cell(r, "parent");
    c.standard = table->Cell(r, "standard");
    c.legacy_code = table->Cell(r, "legacy_code_inferred_gbt30428_2");
    bool digits = !c.code.empty() && c.code.find_first_not_of("0123456789") == std::string::npos;
    if (!kind) {
      errors[Line(r)] = "kind: must be component/部件 or matter/事项";
    } else if (!digits || (c.code.size() != 2 && c.code.size() != 5)) {
      errors[Line(r)] = "code: must be 2 digits (a class) or 5 digits (a type)";
    } else if (c.name.empty()) {
      errors[Line(r)] = "name: required";
    } else if (c.code.size() == 5 && c.parent_code != c.code.substr(0, 2)) {
      errors[Line(r)] = "parent: must be the class code " + c.code.substr(0, 2);
    } else if (c.code.size() == 5 && classes.count({*kind, c.parent_code}) == 0) {
      errors[Line(r)] = "parent: class " + c.parent_code + " is not in the file";
    } else {
      c.kind = *kind;
      c.level = c.code.size() == 2 ? 1 : 2;
      rows.push_back(std::move(c));
    }
  }
  if (!errors.empty()) return tl::unexpected(Rejected(std::move(errors)).error());
  if (auto st = repo_.UpsertCategories(rows); !st) return tl::unexpected(st.error());
  Invalidate();
  return static_cast<int>(rows.size());
}

base::Result<int> CatalogService::ImportDepartmentsCsv(const access::Actor& actor,
                                                       std::string_view text) {
  if (auto st = RequireAdmin(actor); !st) return tl::unexpected(st.error());
  auto table = base::ParseCsv(text);
  if (!table) return tl::unexpected(table.error());
  if (auto st = base::RequireColumns(*table, {"name", "kind", "area_codes"}); !st) {
    return tl::unexpected(st.error());
  }
  auto existing = repo_.ListDepartments();
  if (!existing) return tl::unexpected(existing.error());
  std::map<std::string, int64_t> by_name;
  for (const auto& d : *existing) by_name[d.name] = d.id;
  Errors errors;
  std::vector<Department> rows;
  std::set<std::string> names;
  for (const auto& r : table->rows) {
    Department d;
    d.name = table->Cell(r, "name");
    d.kind = table->Cell(r, "kind");
    d.area_codes = SplitList(table->Cell(r, "area_codes"));
    if (d.name.empty()) {
      errors[Line(r)] = "name: required";
      continue;
    }
    if (!names.insert(d.name).second) {
      errors[Line(r)] = "name: '" + d.name + "' appears more than once";
      continue;
    }
    if (d.area_codes.empty()) {
      errors[Line(r)] = "area_codes: at least one area code the department serves";
      continue;
    }
    for (const auto& code : d.area_codes) {
      auto area = areas_.GetArea(code);
      if (!area) return tl::unexpected(area.error());
      if (!*area) errors[Line(r)] = "area_codes: no area has code " + code;
    }
    if (auto it = by_name.find(d.name); it != by_name.end()) d.id = it->second;
    rows.push_back(std::move(d));
  }
  if (!errors.empty()) return tl::unexpected(Rejected(std::move(errors)).error());
  auto saved = repo_.UpsertDepartments(std::move(rows));
  Invalidate();
  if (!saved) return tl::unexpected(saved.error());
  return static_cast<int>(saved->size());
}

base::Result<int> CatalogService::ImportTimeLimitsCsv(const access::Actor& actor,
                                                      std::string_view text) {
  if (auto st = RequireAdmin(actor); !st) return tl::unexpected(st.error());
  auto table = base::ParseCsv(text);
  if (!table) return tl::unexpected(table.error());
  if (auto st =
          base::RequireColumns(*table, {"kind", "code", "urgency", "stage", "duration", "unit"});
      !st) {
    return tl::unexpected(st.error());
  }
  Errors errors;
  std::vector<TimeLimitRule> rows;
  std::set<std::string> keys;
  for (const auto& r : table->rows) {
    TimeLimitRule rule;
    std::string kind = table->Cell(r, "kind");
    rule.code = table->Cell(r, "code");
    auto urgency = ParseUrgency(table->Cell(r, "urgency"));
    auto stage = ParseStage(table->Cell(r, "stage"));
    auto unit = base::ParseDurationUnit(table->Cell(r, "unit"));
    auto amount = ParseId(table->Cell(r, "duration"));
    rule.source = table->Cell(r, "source");
    if (kind != "*") rule.kind = ParseKind(kind);
    if (kind != "*" && !rule.kind) {
      errors[Line(r)] = "kind: must be *, component/部件 or matter/事项";
    } else if (rule.code.empty()) {
      errors[Line(r)] = "code: required (* for any category)";
    } else if (!urgency) {
      errors[Line(r)] = "urgency: must be normal or urgent";
    } else if (!stage) {
      errors[Line(r)] = "stage: must be register, claim, handle or verify";
    } else if (!amount || *amount > kMaxDurationAmount) {
      errors[Line(r)] = "duration: must be a whole number from 1 to 100000";
    } else if (!unit) {
      errors[Line(r)] =
          "unit: must be working_minute, working_hour, working_day, minute, hour or day";
    } else {
      rule.urgency = *urgency;
      rule.stage = *stage;
      rule.duration = base::Duration{*amount, *unit};
      if (rule.code != "*") {
        if (!rule.kind) {
          errors[Line(r)] = "kind: a specific code needs a kind";
          continue;
        }
        auto category = repo_.GetCategory(*rule.kind, rule.code);
        if (!category) return tl::unexpected(category.error());
        if (!*category) {
          errors[Line(r)] =
              "code: no " + std::string(KindName(*rule.kind)) + " category " + rule.code;
          continue;
        }
      }
      std::string key =
          kind + "|" + rule.code + "|" + UrgencyName(rule.urgency) + "|" + StageName(rule.stage);
      if (!keys.insert(key).second) {
        errors[Line(r)] = "the same kind, code, urgency and stage appear on an earlier line";
        continue;
      }
      rows.push_back(std::move(rule));
    }
  }
  if (!errors.empty()) return tl::unexpected(Rejected(std::move(errors)).error());
  if (auto st = repo_.ReplaceTimeLimits(rows); !st) return tl::unexpected(st.error());
  Invalidate();
  return static_cast<int>(rows.size());
}

base::Result<int> CatalogService::ImportResponsibilityCsv(const access::Actor& actor,
                                                          std::string_view text) {
  if (auto st = RequireAdmin(actor); !st) return tl::unexpected(st.error());
  auto table = base::ParseCsv(text);
  if (!table) return tl::unexpected(table.error());
  if (auto st = base::RequireColumns(*table,
                                     {"category_kind", "category_code", "area_code", "department"});
      !st) {
    return tl::unexpected(st.error());
  }
  auto departments = repo_.ListDepartments();
  if (!departments) return tl::unexpected(departments.error());
  std::map<std::string, int64_t> by_name;
  std::set<int64_t> ids;
  for (const auto& d : *departments) {
    by_name[d.name] = d.id;
    ids.insert(d.id);
  }
  auto resolve = [&](const std::string& token) -> std::optional<int64_t> {
    if (auto id = ParseId(token); id && ids.count(*id)) return id;
    if (auto it = by_name.find(token); it != by_name.end()) return it->second;
    return std::nullopt;
  };
  Errors errors;
  std::vector<ResponsibilityRule> rows;
  std::set<std::string> keys;
  for (const auto& r : table->rows) {
    ResponsibilityRule rule;
    std::string kind = table->Cell(r, "category_kind");
    rule.category_code = table->Cell(r, "category_code");
    rule.area_code = table->Cell(r, "area_code");
    std::string department = table->Cell(r, "department");
    if (kind != "*") rule.kind = ParseKind(kind);
    if (kind != "*" && !rule.kind) {
      errors[Line(r)] = "category_kind: must be *, component/部件 or matter/事项";
      continue;
    }
    if (rule.category_code.empty()) {
      errors[Line(r)] = "category_code: required (* for any category)";
      continue;
    }
    if (rule.category_code != "*") {
      if (!rule.kind) {
        errors[Line(r)] = "category_kind: a specific category code needs a kind";
        continue;
      }
      auto category = repo_.GetCategory(*rule.kind, rule.category_code);
      if (!category) return tl::unexpected(category.error());
      if (!*category) {
        errors[Line(r)] = "category_code: no such category " + rule.category_code;
        continue;
      }
    }
    auto area = areas_.GetArea(rule.area_code);
    if (!area) return tl::unexpected(area.error());
    if (!*area) {
      errors[Line(r)] = "area_code: no area has code " + rule.area_code;
      continue;
    }
    auto primary = resolve(department);
    if (!primary) {
      errors[Line(r)] = "department: no department named or numbered '" + department + "'";
      continue;
    }
    rule.department_id = *primary;
    bool bad = false;
    for (const auto& token : SplitList(table->Cell(r, "assisting_departments"))) {
      auto id = resolve(token);
      if (!id || *id == *primary) {
        errors[Line(r)] = "assisting_departments: '" + token + "' is unknown or the primary";
        bad = true;
        break;
      }
      rule.assisting_department_ids.push_back(*id);
    }
    if (bad) continue;
    std::string key = kind + "|" + rule.category_code + "|" + rule.area_code;
    if (!keys.insert(key).second) {
      errors[Line(r)] = "the same category and area appear on an earlier line";
      continue;
    }
    rows.push_back(std::move(rule));
  }
  if (!errors.empty()) return tl::unexpected(Rejected(std::move(errors)).error());
  if (auto st = repo_.ReplaceResponsibilityRules(rows); !st) return tl::unexpected(st.error());
  Invalidate();
  return static_cast<int>(rows.size());
}

base::Result<std::string> CatalogService::ExportResponsibilityCsv(const access::Actor& actor) {
  if (actor.role != Role::kAdmin && actor.role != Role::kDistrictManager &&
      actor.role != Role::kDispatcher && actor.role != Role::kSystem) {
    return base::PermissionDenied("only administrators and grid centres may export the list");
  }
  auto rules = repo_.ListResponsibilityRules();
  if (!rules) return tl::unexpected(rules.error());
  auto departments = repo_.ListDepartments();
  if (!departments) return tl::unexpected(departments.error());
  std::map<int64_t, std::string> names;
  for (const auto& d : *departments) names[d.id] = d.name;
  std::ostringstream out;
  out << "category_kind,category_code,area_code,department,assisting_departments\n";
  for (const auto& r : *rules) {
    std::string assisting;
    for (auto id : r.assisting_department_ids) {
      if (!assisting.empty()) assisting += ";";
      assisting += names[id];
    }
    out << (r.kind ? KindName(*r.kind) : "*") << ',' << base::CsvEscape(r.category_code) << ','
        << r.area_code << ',' << base::CsvEscape(names[r.department_id]) << ','
        << base::CsvEscape(assisting) << '\n';
  }
  return out.str();
}

namespace {
constexpr auto kRecheck = std::chrono::seconds(1);
}  // namespace

void CatalogService::Invalidate() {
  std::lock_guard lock(mu_);
  checked_at_ = {};
}

base::Result<std::shared_ptr<const CatalogService::Snapshot>> CatalogService::Current() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (snapshot_ && now - checked_at_ < kRecheck) return snapshot_;
  }
  auto version = repo_.CatalogVersion();
  if (!version) return tl::unexpected(version.error());
  {
    std::lock_guard lock(mu_);
    if (snapshot_ && snapshot_->version == *version) {
      checked_at_ = now;
      return snapshot_;
    }
  }
  auto next = std::make_shared<Snapshot>();
  next->version = *version;
  auto categories = repo_.ListCategories();
  if (!categories) return tl::unexpected(categories.error());
  for (auto& c : *categories) {
    auto key = std::make_pair(c.kind, c.code);
    next->categories.emplace(std::move(key), std::move(c));
  }
  auto departments = repo_.ListDepartments();
  if (!departments) return tl::unexpected(departments.error());
  for (auto& d : *departments) next->departments.emplace(d.id, std::move(d));
  auto limits = repo_.ListTimeLimits();
  if (!limits) return tl::unexpected(limits.error());
  next->time_limits = std::move(*limits);
  auto rules = repo_.ListResponsibilityRules();
  if (!rules) return tl::unexpected(rules.error());
  next->rules = std::move(*rules);
  // A write between the version read and the lists leaves a copy labelled older than its
  // content: the next call sees the newer version and reads again.
  std::lock_guard lock(mu_);
  if (!snapshot_ || snapshot_->version <= next->version) {
    snapshot_ = next;
    checked_at_ = now;
  }
  return std::shared_ptr<const Snapshot>(next);
}

base::Result<std::optional<Category>> CatalogService::FindCategory(CategoryKind kind,
                                                                   const std::string& code) {
  auto snap = Current();
  if (!snap) return tl::unexpected(snap.error());
  auto it = (*snap)->categories.find({kind, code});
  if (it == (*snap)->categories.end()) return std::optional<Category>();
  return std::optional<Category>(it->second);
}

base::Result<std::optional<Department>> CatalogService::FindDepartment(int64_t id) {
  auto snap = Current();
  if (!snap) return tl::unexpected(snap.error());
  auto it = (*snap)->departments.find(id);
  if (it == (*snap)->departments.end()) return std::optional<Department>();
  return std::optional<Department>(it->second);
}

base::Result<std::optional<ResponsibilityRule>> CatalogService::Suggest(
    CategoryKind kind, const std::string& code, const std::string& grid_code) {
  auto snap = Current();
  if (!snap) return tl::unexpected(snap.error());
  return MatchResponsibility((*snap)->rules, kind, code, grid_code);
}

base::Result<std::optional<TimeLimitRule>> CatalogService::TimeLimitFor(CategoryKind kind,
                                                                        const std::string& code,
                                                                        Urgency urgency,
                                                                        Stage stage) {
  auto snap = Current();
  if (!snap) return tl::unexpected(snap.error());
  return MatchTimeLimit((*snap)->time_limits, kind, code, urgency, stage);
}

}  // namespace civicgrid::catalog
