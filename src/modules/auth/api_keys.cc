#include "modules/auth/api_keys.h"

#include <map>

#include "modules/areas/area_code.h"
#include "modules/auth/passwords.h"

namespace civicgrid::auth {
namespace {

using access::Role;

constexpr size_t kMaxNameBytes = 200;

}  // namespace

base::Result<std::pair<ApiKey, std::string>> ApiKeyService::Issue(const access::Actor& actor,
                                                                  const NewApiKey& input) {
  if (actor.role != Role::kAdmin)
    return base::PermissionDenied("only an administrator issues keys");
  std::map<std::string, std::string> errors;
  if (input.name.empty() || input.name.size() > kMaxNameBytes) {
    errors["name"] = "required: the client's name, at most 200 bytes";
  }
  if (input.purpose != "open311" && input.purpose != "hotline") {
    errors["purpose"] = "must be open311 or hotline";
  }
  if (areas::LevelOfCode(input.district_code) != areas::AreaLevel::kDistrict) {
    errors["district_code"] = "must be a district's 12-digit code";
  }
  if (input.per_minute < 1 || input.per_minute > kMaxPerMinute) {
    errors["per_minute"] = "must be 1..6000";
  }
  if (!errors.empty()) return base::InvalidFields("the key is invalid", std::move(errors));

  const std::string secret = NewToken();
  // The account the key acts as: nobody knows its password, so it cannot log in.
  NewUser account;
  account.username = "api-" + input.purpose + "-" + secret.substr(0, 12);
  account.password = NewToken();
  account.display_name = input.name;
  account.role = input.purpose == "open311" ? "resident" : "district_manager";
  account.area_code = input.district_code;
  auto user = auth_.CreateUser(access::SystemActor(), account);
  if (!user) {
    if (user.error().code == base::Code::kInvalidArgument &&
        user.error().fields.count("area_code")) {
      return base::InvalidArgument("district_code", "no district " + input.district_code);
    }
    return tl::unexpected(user.error());
  }
  ApiKey key;
  key.name = input.name;
  key.purpose = input.purpose;
  key.user_id = user->id;
  key.district_code = input.district_code;
  key.per_minute = input.per_minute;
  key.created_by = actor.user_id;
  key.created_at = clock_.NowMs();
  auto created = keys_.CreateApiKey(std::move(key), HashToken(secret));
  if (!created) return tl::unexpected(created.error());
  return std::pair{std::move(*created), secret};
}

base::Result<std::vector<ApiKey>> ApiKeyService::List(const access::Actor& actor) {
  if (actor.role != Role::kAdmin) return base::PermissionDenied("only an administrator lists keys");
  return keys_.ListApiKeys();
}

base::Status ApiKeyService::Revoke(const access::Actor& actor, int64_t id) {
  if (actor.role != Role::kAdmin)
    return base::PermissionDenied("only an administrator revokes keys");
  auto found = keys_.RevokeApiKey(id, clock_.NowMs());
  if (!found) return tl::unexpected(found.error());
  if (!*found) return base::NotFound("no key " + std::to_string(id));
  return {};
}

base::Result<std::pair<ApiKey, access::Actor>> ApiKeyService::Use(const std::string& key,
                                                                  const std::string& purpose) {
  if (key.empty()) return base::PermissionDenied("an api_key is required");
  auto used = keys_.UseApiKey(HashToken(key), clock_.NowMs());
  if (!used) return tl::unexpected(used.error());
  if (!*used || (*used)->first.revoked_at != 0 || (*used)->first.purpose != purpose) {
    return base::PermissionDenied("the api_key is unknown or revoked");
  }
  const auto& [record, uses] = **used;
  if (uses > record.per_minute) {
    return base::Fail(base::Code::kResourceExhausted, "this key may be used " +
                                                          std::to_string(record.per_minute) +
                                                          " times a minute; try again later");
  }
  auto actor = auth_.ActorOfUser(record.user_id);
  if (!actor) return tl::unexpected(actor.error());
  return std::pair{record, std::move(*actor)};
}

}  // namespace civicgrid::auth
