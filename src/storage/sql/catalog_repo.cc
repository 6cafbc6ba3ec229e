#include "storage/sql/catalog_repo.h"

namespace civicgrid::storage::sql {
namespace {

using catalog::Category;
using catalog::Department;
using catalog::ResponsibilityRule;
using catalog::TimeLimitRule;

Category ReadCategory(const Stmt& s) {
  Category c;
  c.kind = catalog::ParseKind(s.Text(0)).value_or(catalog::CategoryKind::kMatter);
  c.code = s.Text(1);
  c.level = static_cast<int>(s.Int(2));
  c.name = s.Text(3);
  c.parent_code = s.Text(4);
  c.standard = s.Text(5);
  c.legacy_code = s.Text(6);
  return c;
}

Department ReadDepartment(const Stmt& s) {
  Department d;
  d.id = s.Int(0);
  d.name = s.Text(1);
  d.kind = s.Text(2);
  d.area_codes = SplitList(s.Text(3));
  return d;
}

constexpr const char* kCategoryColumns =
    "kind, code, level, name, parent_code, standard, legacy_code";

}  // namespace

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ";";
    out += item;
  }
  return out;
}

std::vector<std::string> SplitList(const std::string& joined) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(';', start);
    if (end == std::string::npos) end = joined.size();
    if (end > start) out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = ",";
  for (auto id : ids) out += std::to_string(id) + ",";
  return out;
}

std::vector<int64_t> SplitIds(const std::string& joined) {
  std::vector<int64_t> out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(',', start);
    if (end == std::string::npos) end = joined.size();
    if (end > start) out.push_back(std::stoll(joined.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

namespace {

void BumpVersion(Db& db) {
  Stmt bump(db, "UPDATE meta SET value = value + 1 WHERE name = 'catalog_version'");
  bump.Run();
}

}  // namespace

base::Result<std::vector<Category>> SqlCatalogRepository::ListCategories() {
  return db_.With<std::vector<Category>>(false, [](Db& db) {
    Stmt s(db, std::string("SELECT ") + kCategoryColumns + " FROM categories ORDER BY kind, code");
    std::vector<Category> out;
    while (s.Step()) out.push_back(ReadCategory(s));
    return out;
  });
}

base::Result<std::optional<Category>> SqlCatalogRepository::GetCategory(catalog::CategoryKind kind,
                                                                        const std::string& code) {
  return db_.With<std::optional<Category>>(false, [&](Db& db) {
    Stmt s(db, std::string("SELECT ") + kCategoryColumns +
                   " FROM categories WHERE kind = ? AND code = ?");
    s.Bind(1, std::string_view(catalog::KindName(kind))).Bind(2, code);
    std::optional<Category> out;
    if (s.Step()) out = ReadCategory(s);
    return out;
  });
}

base::Status SqlCatalogRepository::UpsertCategories(const std::vector<Category>& rows) {
  return db_.With<void>(true, [&](Db& db) {
    Stmt s(db, std::string("INSERT INTO categories (") + kCategoryColumns +
                   ") VALUES (?,?,?,?,?,?,?) ON CONFLICT (kind, code) DO UPDATE SET "
                   "level = excluded.level, name = excluded.name, "
                   "parent_code = excluded.parent_code, standard = excluded.standard, "
                   "legacy_code = excluded.legacy_code");
    for (const auto& c : rows) {
      s.Reset();
      s.Bind(1, std::string_view(catalog::KindName(c.kind))).Bind(2, c.code);
      s.Bind(3, int64_t{c.level}).Bind(4, c.name).Bind(5, c.parent_code);
      s.Bind(6, c.standard).Bind(7, c.legacy_code).Run();
    }
    BumpVersion(db);
  });
}

base::Result<std::vector<Department>> SqlCatalogRepository::ListDepartments() {
  return db_.With<std::vector<Department>>(false, [](Db& db) {
    Stmt s(db, "SELECT id, name, kind, area_codes FROM departments ORDER BY id");
    std::vector<Department> out;
    while (s.Step()) out.push_back(ReadDepartment(s));
    return out;
  });
}

base::Result<std::optional<Department>> SqlCatalogRepository::GetDepartment(int64_t id) {
  return db_.With<std::optional<Department>>(false, [&](Db& db) {
    Stmt s(db, "SELECT id, name, kind, area_codes FROM departments WHERE id = ?");
    s.Bind(1, id);
    std::optional<Department> out;
    if (s.Step()) out = ReadDepartment(s);
    return out;
  });
}

base::Result<std::vector<Department>> SqlCatalogRepository::UpsertDepartments(
    std::vector<Department> rows) {
  return db_.With<std::vector<Department>>(true, [&](Db& db) {
    Stmt insert(db, "INSERT INTO departments (name, kind, area_codes) VALUES (?,?,?) RETURNING id");
    Stmt update(db, "UPDATE departments SET name = ?, kind = ?, area_codes = ? WHERE id = ?");
    for (auto& d : rows) {
      Stmt& s = d.id == 0 ? insert : update;
      s.Reset();
      s.Bind(1, d.name).Bind(2, d.kind).Bind(3, JoinList(d.area_codes));
      if (d.id != 0) s.Bind(4, d.id);
      // The insert returns its new id; the update returns no row.
      if (s.Step() && d.id == 0) d.id = s.Int(0);
    }
    BumpVersion(db);
    return rows;
  });
}

base::Result<std::vector<TimeLimitRule>> SqlCatalogRepository::ListTimeLimits() {
  return db_.With<std::vector<TimeLimitRule>>(false, [](Db& db) {
    Stmt s(db,
           "SELECT kind, code, urgency, stage, amount, unit, source FROM time_limits ORDER BY id");
    std::vector<TimeLimitRule> out;
    while (s.Step()) {
      TimeLimitRule r;
      if (s.Text(0) != "*") r.kind = catalog::ParseKind(s.Text(0));
      r.code = s.Text(1);
      r.urgency = catalog::ParseUrgency(s.Text(2)).value_or(catalog::Urgency::kNormal);
      r.stage = catalog::ParseStage(s.Text(3)).value_or(catalog::Stage::kHandle);
      r.duration = {s.Int(4),
                    base::ParseDurationUnit(s.Text(5)).value_or(base::DurationUnit::kWorkingHour)};
      r.source = s.Text(6);
      out.push_back(std::move(r));
    }
    return out;
  });
}

base::Status SqlCatalogRepository::ReplaceTimeLimits(const std::vector<TimeLimitRule>& rows) {
  return db_.With<void>(true, [&](Db& db) {
    db.Exec("DELETE FROM time_limits");
    Stmt s(db,
           "INSERT INTO time_limits (kind, code, urgency, stage, amount, unit, source) "
           "VALUES (?,?,?,?,?,?,?)");
    for (const auto& r : rows) {
      s.Reset();
      s.Bind(1, std::string_view(r.kind ? catalog::KindName(*r.kind) : "*")).Bind(2, r.code);
      s.Bind(3, std::string_view(catalog::UrgencyName(r.urgency)));
      s.Bind(4, std::string_view(catalog::StageName(r.stage))).Bind(5, r.duration.amount);
      s.Bind(6, std::string_view(base::DurationUnitName(r.duration.unit))).Bind(7, r.source);
      s.Run();
    }
    BumpVersion(db);
  });
}

base::Result<std::vector<ResponsibilityRule>> SqlCatalogRepository::ListResponsibilityRules() {
  return db_.With<std::vector<ResponsibilityRule>>(false, [](Db& db) {
    Stmt s(db,
           "SELECT id, kind, category_code, area_code, department_id, assisting "
           "FROM responsibility_rules ORDER BY id");
    std::vector<ResponsibilityRule> out;
    while (s.Step()) {
      ResponsibilityRule r;
      r.id = s.Int(0);
      if (s.Text(1) != "*") r.kind = catalog::ParseKind(s.Text(1));
      r.category_code = s.Text(2);
      r.area_code = s.Text(3);
      r.department_id = s.Int(4);
      r.assisting_department_ids = SplitIds(s.Text(5));
      out.push_back(std::move(r));
    }
    return out;
  });
}

base::Status SqlCatalogRepository::ReplaceResponsibilityRules(
    const std::vector<ResponsibilityRule>& rows) {
  return db_.With<void>(true, [&](Db& db) {
    db.Exec("DELETE FROM responsibility_rules");
    Stmt s(db,
           "INSERT INTO responsibility_rules (kind, category_code, area_code, department_id, "
           "assisting) VALUES (?,?,?,?,?)");
    for (const auto& r : rows) {
      s.Reset();
      s.Bind(1, std::string_view(r.kind ? catalog::KindName(*r.kind) : "*"));
      s.Bind(2, r.category_code).Bind(3, r.area_code).Bind(4, r.department_id);
      s.Bind(5, JoinIds(r.assisting_department_ids)).Run();
    }
    BumpVersion(db);
  });
}

base::Result<int64_t> SqlCatalogRepository::CatalogVersion() {
  return db_.With<int64_t>(false, [&](Db& db) {
    Stmt s(db, "SELECT value FROM meta WHERE name = 'catalog_version'");
    return s.Step() ? s.Int(0) : int64_t{0};
  });
}

}  // namespace civicgrid::storage::sql
