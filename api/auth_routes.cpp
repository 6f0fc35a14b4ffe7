#include "api/auth_routes.hpp"

#include "actors/ask_once.hpp"
#include "actors/errors.hpp"
#include "api/email_address.hpp"
#include "api/error_problem.hpp"
#include "api/json_body.hpp"
#include "api/problem.hpp"

namespace orch::api {

namespace {

using nlohmann::json;

constexpr std::size_t max_tenant_name_bytes = 200;

// The hash pool's queue is full or it is stopping.
http_response busy() {
  auto response = problem(503, status_title(503),
                          "too many password checks at once; try again");
  response.headers["Retry-After"] = "1";
  return response;
}

http_response not_hashed() {
  return problem(500, status_title(500), "the password could not be hashed");
}

struct sign_up_form {
  std::string email;
  std::string password;
  std::string tenant_name;
};

std::string trimmed(const std::string &text) {
  auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos)
    return {};
  return text.substr(start, text.find_last_not_of(" \t\r\n") - start + 1);
}

std::optional<http_response> check_sign_up(sign_up_form &form) {
  form.tenant_name = trimmed(form.tenant_name);
  if (auto bad = check_email(form.email))
    return invalid_field_problem(bad->field, bad->detail);
  if (auto bad = check_password_policy(form.password))
    return invalid_field_problem(bad->field, bad->field + " " + bad->detail);
  if (form.tenant_name.empty())
    return invalid_field_problem("tenant_name",
                                 "tenant_name must not be empty");
  if (form.tenant_name.size() > max_tenant_name_bytes)
    return invalid_field_problem("tenant_name",
                                 "tenant_name must be at most 200 bytes");
  return std::nullopt;
}

std::variant<sign_up_form, http_response>
read_sign_up(const std::string &body) {
  auto parsed = parse_json_object(body, {"email", "password", "tenant_name"});
  if (auto *bad = std::get_if<http_response>(&parsed))
    return std::move(*bad);
  const auto &object = std::get<json>(parsed);
  sign_up_form form;
  for (auto [field, target] :
       {std::pair{"email", &form.email}, std::pair{"password", &form.password},
        std::pair{"tenant_name", &form.tenant_name}}) {
    auto value = required_string(object, field);
    if (auto *bad = std::get_if<http_response>(&value))
      return std::move(*bad);
    *target = std::move(std::get<std::string>(value));
  }
  if (auto bad = check_sign_up(form))
    return std::move(*bad);
  return form;
}

void answer_receipt(const responder &reply,
                    const caf::expected<registration_receipt> &receipt) {
  if (!receipt)
    return reply.send(problem_from_error(receipt.error()));
  reply.send(json_response(
      201, {{"user_id", receipt->user_id},
            {"tenant_id", receipt->tenant_id},
            {"workflow_id", receipt->workflow_id},
            {"status", std::string(to_string(receipt->status))}}));
}

// POST /auth/register: validate, hash on the pool, then one message to the
// registry, answered after the registration committed.
void on_register(const account_services_ptr &services,
                 const http_request &request, responder reply) {
  auto parsed = read_sign_up(request.body);
  if (auto *bad = std::get_if<http_response>(&parsed))
    return reply.send(std::move(*bad));
  auto form = std::move(std::get<sign_up_form>(parsed));
  auto hasher = services->hasher;
  auto password = std::move(form.password);
  auto submitted = services->hashes->submit(
      [hasher, password] { return hasher->hash(password); },
      [services, reply,
       form](std::optional<std::optional<std::string>> hashed) {
        if (!hashed)
          return reply.send(busy());
        if (!*hashed)
          return reply.send(not_hashed());
        ask_once<registration_receipt>(
            *services->system, services->registry, services->registry_timeout,
            [reply](caf::expected<registration_receipt> receipt) {
              answer_receipt(reply, receipt);
            },
            register_atom::value,
            registration_request{form.email, **hashed, form.tenant_name});
      });
  if (submitted != submit_result::accepted)
    reply.send(busy());
}

// What a login's hash job found: whether the password matched, and a
// stronger hash to store when the stored one is weaker than configured.
struct login_check {
  bool matched = false;
  std::string upgraded_hash;
};

std::string joined(const std::vector<std::string> &scopes) {
  std::string text;
  for (const auto &scope : scopes)
    text += (text.empty() ? "" : " ") + scope;
  return text;
}

http_response token_response(const account_services &services,
                             const user_info &user) {
  const auto &settings = services.auth->settings();
  auto now = settings.now_seconds();
  jwt::claims claims{user.user_id,
                     user.tenant_id,
                     joined(user.scopes),
                     now,
                     now + services.token_lifetime_seconds,
                     settings.issuer};
  auto token = jwt::sign(claims, settings.key);
  if (!token)
    return problem(500, status_title(500), "the token could not be signed");
  return json_response(200, {{"access_token", *token},
                             {"token_type", "bearer"},
                             {"expires_in", services.token_lifetime_seconds}});
}

login_check check_login(const password_hasher &hasher,
                        const std::string &encoded, const std::string &password,
                        bool known) {
  login_check checked;
  checked.matched = hasher.verify(encoded, password) && known;
  if (checked.matched && hasher.needs_rehash(encoded))
    checked.upgraded_hash = hasher.hash(password).value_or("");
  return checked;
}

// Verifies on the pool: the user's hash, or the dummy hash for an unknown
// email, so both take about as long and get the same 401.
void verify_login(const account_services_ptr &services, const responder &reply,
                  std::optional<user_info> user, std::string password) {
  auto hasher = services->hasher;
  auto encoded = user ? user->password_hash : services->dummy_hash;
  bool known = user.has_value();
  auto submitted = services->hashes->submit(
      [hasher, encoded, password, known] {
        return check_login(*hasher, encoded, password, known);
      },
      [services, reply, user](std::optional<login_check> checked) {
        if (!checked)
          return reply.send(busy());
        if (!checked->matched)
          return reply.send(unauthorized());
        if (!checked->upgraded_hash.empty())
          caf::anon_send(services->registry, rehash_atom::value, user->user_id,
                         checked->upgraded_hash);
        reply.send(token_response(*services, *user));
      });
  if (submitted != submit_result::accepted)
    reply.send(busy());
}

// POST /auth/login: one message to the registry for the user, then the
// password check on the pool.
void on_login(const account_services_ptr &services, const http_request &request,
              responder reply) {
  auto parsed = parse_json_object(request.body, {"email", "password"});
  if (auto *bad = std::get_if<http_response>(&parsed))
    return reply.send(std::move(*bad));
  const auto &object = std::get<json>(parsed);
  auto email = required_string(object, "email");
  auto password = required_string(object, "password");
  for (auto *field : {&email, &password})
    if (auto *bad = std::get_if<http_response>(field))
      return reply.send(std::move(*bad));
  ask_once<user_info>(
      *services->system, services->registry, services->registry_timeout,
      [services, reply, password = std::get<std::string>(password)](
          caf::expected<user_info> user) {
        if (!user && !is_orch_error(user.error(), orch_errc::not_found))
          return reply.send(problem_from_error(user.error()));
        verify_login(services, reply,
                     user ? std::optional<user_info>(*user) : std::nullopt,
                     password);
      },
      login_atom::value, std::get<std::string>(email));
}

} // namespace

void add_auth_routes(router &routes, account_services_ptr services) {
  routes.add("POST", "/auth/register", with_services(services, on_register));
  routes.add("POST", "/auth/login", with_services(services, on_login));
}

} // namespace orch::api
