// Organisations, user accounts, service accounts and the audit log, as the
// administration API (atlas.identity.v1.IdentityService) sees them. Every
// change is one transaction that also writes its audit entry (table and
// outbox). Blocking; thread-safe.
//
// The store speaks the API's messages directly: identity is a thin CRUD over
// five tables, and a parallel set of domain structs would only copy fields.
#ifndef ATLAS_GATEWAY_IDENTITY_ACCOUNTS_H_
#define ATLAS_GATEWAY_IDENTITY_ACCOUNTS_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/audit/audit.h"
#include "atlas/identity/v1/identity_service.pb.h"

namespace atlas::db {
class Pool;
}

namespace atlas::rpc {
struct Caller;
}  // namespace atlas::rpc

namespace atlas::gateway::identity {

namespace v1 = ::atlas::identity::v1;

// Writes `entry` to the audit table and to the outbox, inside `tx`.
void AppendAudit(pqxx::work& tx, const audit::Entry& entry);
// Stores an audit event published by another process (idempotent by event id).
absl::Status StoreAuditEvent(pqxx::work& tx, const bus::Event& event);

// Retention of the audit log: rejected-token entries older than
// `rejected_days`, and every entry older than `all_days` (0 = never), are
// removed (the table's trigger refuses anything younger than 30 days).
// Returns how many rows went.
absl::StatusOr<int64_t> ExpireAuditEntries(db::Pool& pool, int rejected_days, int all_days);

// Roles a user account may hold (service accounts hold "service" only).
const std::vector<std::string>& UserRoles();

class Accounts final {
 public:
  explicit Accounts(db::Pool& pool) : pool_(pool) {}

  absl::StatusOr<v1::ListOrganisationsResponse> ListOrganisations(int page_size,
                                                                  const std::string& page_token);
  absl::StatusOr<v1::Organisation> GetOrganisation(const std::string& name);
  absl::StatusOr<v1::Organisation> CreateOrganisation(const v1::CreateOrganisationRequest& req,
                                                      const std::string& actor);

  absl::StatusOr<v1::CreateUserResponse> CreateUser(const v1::CreateUserRequest& req,
                                                    const std::string& actor);
  absl::StatusOr<v1::ListUsersResponse> ListUsers(const v1::ListUsersRequest& req);
  // Handles `caller` may write after @ in a project's dialogue: people and
  // organisations that share it (see SearchMentionablesRequest.organisation).
  absl::StatusOr<v1::SearchMentionablesResponse> SearchMentionables(
      const v1::SearchMentionablesRequest& req, const rpc::Caller& caller);
  absl::StatusOr<v1::User> GetUser(const std::string& name);
  absl::StatusOr<v1::User> UpdateUser(const v1::UpdateUserRequest& req, const std::string& actor);
  absl::StatusOr<v1::ResetPasswordResponse> ResetPassword(const std::string& name,
                                                          const std::string& actor);

  absl::StatusOr<v1::CreateServiceAccountResponse> CreateServiceAccount(
      const v1::ServiceAccount& account, const std::string& actor);
  absl::StatusOr<v1::ListServiceAccountsResponse> ListServiceAccounts(
      int page_size, const std::string& page_token);
  absl::StatusOr<v1::ServiceAccount> DisableServiceAccount(const std::string& name,
                                                           const std::string& actor);

  absl::StatusOr<v1::ListAuditEntriesResponse> ListAuditEntries(
      const v1::ListAuditEntriesRequest& req);

 private:
  db::Pool& pool_;
};

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_ACCOUNTS_H_
