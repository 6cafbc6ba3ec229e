#include "cli/demo.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/demo_areas.h"
#include "modules/auth/passwords.h"

namespace civicgrid::cli {
namespace {

constexpr const char* kDistrict = "310105000000";
constexpr const char* kDemoStreet = "310105001000";  // 华阳路街道: the demo centre's street

std::string ShortName(const std::string& street) {
  for (const std::string suffix : {"街道", "镇"}) {
    if (street.size() > suffix.size() &&
        street.compare(street.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return street.substr(0, street.size() - suffix.size());
    }
  }
  return street;
}

struct StreetDepartments {
  std::string enforcement, police, market, housing, greening, property;
};

StreetDepartments NamesFor(const std::string& street) {
  std::string s = ShortName(street);
  return {"长宁区城管执法大队" + s + "中队",
          s + "派出所",
          s + "市场监管所",
          street + "房管办",
          street + "绿化市容所",
          s + "物业服务中心"};
}

std::string Password() { return auth::NewToken().substr(0, 12); }

base::Status Check(const base::Result<int>& r, const char* what) {
  if (!r) {
    base::Error e = r.error();
    e.message = std::string(what) + ": " + e.message;
    return tl::unexpected(e);
  }
  return base::Ok();
}

}  // namespace

base::Status LoadReferenceCatalog(Runtime& rt) {
  const access::Actor system = access::SystemActor();
  const std::string& share = rt.Options().share_dir;
  auto taxonomy = ReadFile(share + "/taxonomy.csv");
  if (!taxonomy) return tl::unexpected(taxonomy.error());
  if (auto st = Check(rt.Catalog().ImportCategoriesCsv(system, *taxonomy), "taxonomy"); !st) {
    return st;
  }
  auto limits = ReadFile(share + "/time-limits.csv");
  if (!limits) return tl::unexpected(limits.error());
  return Check(rt.Catalog().ImportTimeLimitsCsv(system, *limits), "time limits");
}

base::Result<std::map<std::string, DemoUser>> LoadDemo(Runtime& rt) {
  const access::Actor system = access::SystemActor();
  const std::string& share = rt.Options().share_dir;

  auto areas = BuildChangningAreas(share);
  if (!areas) return tl::unexpected(areas.error());
  std::vector<areas::AreaImportRow> rows;
  std::vector<const areas::Area*> streets;
  for (size_t i = 0; i < areas->size(); ++i) rows.push_back({static_cast<int>(i + 1), (*areas)[i]});
  for (const auto& a : *areas) {
    if (a.level == areas::AreaLevel::kStreet) streets.push_back(&a);
  }
  if (auto st = rt.Areas().Import(system, std::move(rows)); !st) return tl::unexpected(st.error());

  if (auto st = LoadReferenceCatalog(rt); !st) return tl::unexpected(st.error());

  // Departments: two district-wide units, and six per street (城管中队, 派出所, 市场监管所,
  // 房管办, 绿化市容所, 物业) serving that street.
  std::ostringstream depts;
  depts << "name,kind,area_codes\n";
  depts << "长宁区城管执法大队,enforcement," << kDistrict << "\n";
  depts << "长宁区市政养护所,municipal," << kDistrict << "\n";
  std::ostringstream rules;
  rules << "category_kind,category_code,area_code,department,assisting_departments\n";
  rules << "*,*," << kDistrict << ",长宁区城管执法大队,\n";
  rules << "部件,01," << kDistrict << ",长宁区市政养护所,\n";
  rules << "事项,01," << kDistrict << ",长宁区市政养护所,\n";
  for (const auto* street : streets) {
    auto n = NamesFor(street->name);
    const std::string& code = street->code;
    depts << n.enforcement << ",enforcement," << code << "\n"
          << n.police << ",police," << code << "\n"
          << n.market << ",market," << code << "\n"
          << n.housing << ",housing," << code << "\n"
          << n.greening << ",greening," << code << "\n"
          << n.property << ",property," << code << "\n";
    rules << "*,*," << code << "," << n.enforcement << ",\n"
          << "部件,02," << code << "," << n.police << ",\n"
          << "部件,03," << code << "," << n.greening << ",\n"
          << "部件,04," << code << "," << n.greening << ",\n"
          << "部件,05," << code << "," << n.housing << ",\n"
          << "事项,06," << code << "," << n.greening << "," << n.property << "\n"
          << "事项,09," << code << "," << n.enforcement << "," << n.police << ";" << n.market
          << "\n";
  }
  if (auto st = Check(rt.Catalog().ImportDepartmentsCsv(system, depts.str()), "departments"); !st) {
    return tl::unexpected(st.error());
  }
  if (auto st = Check(rt.Catalog().ImportResponsibilityCsv(system, rules.str()), "rules"); !st) {
    return tl::unexpected(st.error());
  }

  // One user per role, placed to work together: the inspector's grid lies in the dispatcher's
  // street, and the handler's department serves that street.
  const areas::Area* street = nullptr;
  for (const auto* s : streets) {
    if (s->code == kDemoStreet) street = s;
  }
  if (!street) return base::Internal("the demo street 310105001000 is missing");
  std::string community;
  std::string grid;
  for (const auto& a : *areas) {
    if (community.empty() && a.level == areas::AreaLevel::kCommunity &&
        a.parent_code == street->code) {
      community = a.code;
    }
    if (grid.empty() && !community.empty() && a.level == areas::AreaLevel::kGrid &&
        a.parent_code == community) {
      grid = a.code;
    }
  }
  auto departments = rt.Catalog().Departments(system);
  if (!departments) return tl::unexpected(departments.error());
  std::optional<int64_t> handler_department;
  for (const auto& d : *departments) {
    if (d.name == NamesFor(street->name).enforcement) handler_department = d.id;
  }
  struct Spec {
    const char* role;
    const char* username;
    const char* display;
    std::string area;
    const char* phone;
  };
  const std::vector<Spec> specs = {
      {"admin", "admin", "系统管理员", kDistrict, "13900000001"},
      {"district_manager", "district", "区网格中心值班长", kDistrict, "13900000002"},
      {"dispatcher", "dispatcher", "华阳路街道网格中心调度员", street->code, "13900000003"},
      {"department_handler", "handler", "华阳路城管中队处置员", street->code, "13900000004"},
      {"community_worker", "community", "居委会社工", community, "13900000005"},
      {"inspector", "inspector", "网格员", grid, "13900000006"},
      {"leader", "leader", "区领导", kDistrict, "13900000007"},
      {"resident", "resident", "居民", kDistrict, "13800138000"},
  };
  std::map<std::string, DemoUser> out;
  for (const auto& spec : specs) {
    auth::NewUser u;
    u.username = spec.username;
    u.password = Password();
    u.display_name = spec.display;
    u.phone = spec.phone;
    u.role = spec.role;
    u.area_code = spec.area;
    if (std::string(spec.role) == "department_handler") u.department_id = handler_department;
    auto created = rt.Auth().CreateUser(system, u);
    if (!created) return tl::unexpected(created.error());
    out[spec.role] = DemoUser{u.username, u.password, u.area_code};
  }
  return out;
}

base::Status WriteDemoUsers(const std::string& path, const std::map<std::string, DemoUser>& users) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [role, u] : users) {
    j[role] = {{"username", u.username}, {"password", u.password}, {"area_code", u.area_code}};
  }
  std::ofstream out(path, std::ios::trunc);
  out << j.dump(2) << "\n";
  if (!out) return base::Fail(base::Code::kUnavailable, "cannot write " + path);
  return base::Ok();
}

}  // namespace civicgrid::cli
