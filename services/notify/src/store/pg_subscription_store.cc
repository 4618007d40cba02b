// Subscriptions, endpoints, deliveries and the fan-out in SQL.
#include "notify/store/pg_subscription_store.h"

#include <map>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "atlas/core/json.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"
#include "notify/domain/message.h"
#include "notify/domain/schedule.h"

namespace atlas::notify {
namespace {

#define US(col) "(extract(epoch FROM " col ") * 1000000)::bigint"

constexpr char kSubColumns[] =
    "s.id::text, s.owner, s.owner_username, s.owner_organisation, to_jsonb(s.owner_roles)::text, "
    "to_jsonb(s.kinds)::text, s.filters::text, s.channel, s.email, coalesce(s.endpoint_id::text, "
    "''), "
    "s.language, s.cadence, s.digest_hour, s.digest_weekday, s.time_zone, s.quiet_start_hour, "
    "s.quiet_end_hour, s.active, s.default_for_role, s.unsubscribe_token, s.revision, " US(
        "s.create_time") ", " US("s.update_time");

std::vector<std::string> Strings(const std::string& json) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& x : j) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  }
  return out;
}

Channel ChannelOf(const std::string& c) {
  return c == "email" ? Channel::kEmail : c == "webhook" ? Channel::kWebhook : Channel::kInApp;
}

Subscription SubscriptionOf(const pqxx::row& r) {
  Subscription s;
  s.id = r[0].as<std::string>();
  s.owner.subject = r[1].as<std::string>();
  s.owner.username = r[2].as<std::string>();
  s.owner.organisation = r[3].as<std::string>();
  s.owner.roles = Strings(r[4].as<std::string>());
  s.kinds = Strings(r[5].as<std::string>());
  auto filters = nlohmann::json::parse(r[6].as<std::string>(), nullptr, false);
  if (filters.is_object()) {
    for (auto& [k, v] : filters.items()) s.filters[k] = Strings(v.dump());
  }
  s.channel = ChannelOf(r[7].as<std::string>());
  s.email = r[8].as<std::string>();
  s.endpoint = r[9].as<std::string>();
  s.language = r[10].as<std::string>();
  const std::string cadence = r[11].as<std::string>();
  s.cadence = cadence == "daily"    ? Cadence::kDaily
              : cadence == "weekly" ? Cadence::kWeekly
                                    : Cadence::kImmediate;
  s.digest_hour = r[12].as<int>();
  s.digest_weekday = r[13].as<int>();
  s.time_zone = r[14].as<std::string>();
  s.quiet_start_hour = r[15].as<int>();
  s.quiet_end_hour = r[16].as<int>();
  s.active = r[17].as<bool>();
  s.default_for_role = r[18].as<bool>();
  s.unsubscribe_token = r[19].as<std::string>();
  s.revision = r[20].as<int64_t>();
  s.create_time_us = r[21].as<int64_t>();
  s.update_time_us = r[22].as<int64_t>();
  return s;
}

std::string FiltersJson(const Filters& f) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : f) {
    if (!v.empty()) j[k] = v;
  }
  return core::DumpJson(j);
}

std::string JsonArray(const std::vector<std::string>& v) {
  return core::DumpJson(nlohmann::json(v));
}

const std::string& InsertSql() {
  static const std::string sql = std::string(R"sql(
INSERT INTO subscriptions AS s (owner, owner_username, owner_organisation, owner_roles, kinds,
  filters, channel, email, endpoint_id, language, cadence, digest_hour, digest_weekday, time_zone,
  quiet_start_hour, quiet_end_hour, active, default_for_role, unsubscribe_token)
VALUES ($1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)),
  ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), $6::jsonb, $7, $8, NULLIF($9, '')::uuid, $10,
  $11, $12, $13, $14, $15, $16, $17, $18, $19)
RETURNING )sql") + kSubColumns;
  return sql;
}

const std::string& UpdateSql() {
  static const std::string sql = std::string(R"sql(
UPDATE subscriptions AS s SET kinds = ARRAY(SELECT jsonb_array_elements_text($4::jsonb)),
  filters = $5::jsonb, channel = $6, email = $7, endpoint_id = NULLIF($8, '')::uuid, language = $9,
  cadence = $10, digest_hour = $11, digest_weekday = $12, time_zone = $13, quiet_start_hour = $14,
  quiet_end_hour = $15, active = $16, revision = s.revision + 1, update_time = now()
WHERE s.id = $1::uuid AND s.owner = $2 AND s.revision = $3
RETURNING )sql") + kSubColumns;
  return sql;
}

// Deliveries not yet sent of a subscription switched off: never sent.
constexpr char kDropWaiting[] = R"sql(
UPDATE deliveries SET status = 'dead', last_error = 'unsubscribed', lease_until = NULL
WHERE subscription_id = $1::uuid AND status IN ('pending', 'failed', 'digest'))sql";

constexpr char kEndpointColumns[] =
    "w.id::text, w.organisation, w.owner, w.url, w.description, w.secret, w.previous_secret, "
    "coalesce(" US("w.previous_expire") ", 0), w.failures, coalesce(" US(
        "w.open_until") ", 0), " US("w.create_time");

WebhookEndpoint EndpointOf(const pqxx::row& r, bool with_secrets) {
  WebhookEndpoint e;
  e.id = r[0].as<std::string>();
  e.organisation = r[1].as<std::string>();
  e.owner = r[2].as<std::string>();
  e.url = r[3].as<std::string>();
  e.description = r[4].as<std::string>();
  if (with_secrets) {
    e.secret = r[5].as<std::string>();
    e.previous_secret = r[6].as<std::string>();
  }
  e.previous_expire_us = r[7].as<int64_t>();
  e.failures = r[8].as<int>();
  e.open_until_us = r[9].as<int64_t>();
  e.create_time_us = r[10].as<int64_t>();
  return e;
}

constexpr char kDeliveryColumns[] =
    "d.seq, d.id::text, d.subscription_id::text, d.channel, d.event_id, d.event_type, d.kind, "
    "d.status, d.last_error, d.target, d.attempts, " US("d.next_attempt") ", " US(
        "d.create_time") ", coalesce(" US("d.sent_time") ", 0)";

Delivery DeliveryOf(const pqxx::row& r) {
  Delivery d;
  d.id = r[1].as<std::string>();
  d.subscription_id = r[2].as<std::string>();
  d.channel = r[3].as<std::string>();
  d.event_id = r[4].as<std::string>();
  d.event_type = r[5].as<std::string>();
  d.kind = r[6].as<std::string>();
  d.status = r[7].as<std::string>();
  d.last_error = r[8].as<std::string>();
  d.target = r[9].as<std::string>();
  d.attempts = r[10].as<int>();
  d.next_attempt_us = r[11].as<int64_t>();
  d.create_time_us = r[12].as<int64_t>();
  d.sent_time_us = r[13].as<int64_t>();
  return d;
}

constexpr core::Text kSubscriptionWord = {"the subscription", "l'abonnement", "الاشتراك"};

// A burst to one immediate e-mail subscription (a mass import) becomes a
// digest: beyond kBurst e-mails in kBurstWindow, the rest wait for the next
// window boundary and go together.
constexpr int kBurst = 10;
constexpr absl::Duration kBurstWindow = absl::Minutes(10);

}  // namespace

FanOutResult FanOut(pqxx::work& tx, const EventFacts& facts, absl::Time now) {
  FanOutResult out;
  if (facts.kind.empty()) return out;
  const pqxx::result candidates =
      tx.exec_params(std::string("SELECT ") + kSubColumns +
                         ", coalesce(w.url, '') FROM subscriptions s "
                         "LEFT JOIN webhook_endpoints w ON w.id = s.endpoint_id "
                         "WHERE s.active AND s.kinds @> ARRAY[$1]::text[]",
                     facts.kind);
  nlohmann::json rows = nlohmann::json::array();
  std::vector<std::string> mail_subscriptions;
  std::vector<std::pair<Subscription, std::string>> matched;
  for (const auto& r : candidates) {
    Subscription s = SubscriptionOf(r);
    if (!Matches(s, facts)) continue;
    if (s.channel == Channel::kEmail && s.cadence == Cadence::kImmediate) {
      mail_subscriptions.push_back(s.id);
    }
    matched.emplace_back(std::move(s), r[23].as<std::string>());
  }
  std::map<std::string, int> recent;
  if (!mail_subscriptions.empty()) {
    for (const auto& r : tx.exec_params(
             "SELECT subscription_id::text, count(*)::int FROM deliveries "
             "WHERE subscription_id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid) "
             "AND create_time > now() - $2 * interval '1 second' GROUP BY 1",
             JsonArray(mail_subscriptions), absl::ToInt64Seconds(kBurstWindow))) {
      recent[r[0].as<std::string>()] = r[1].as<int>();
    }
  }
  for (const auto& [s, url] : matched) {
    std::string status = "pending", target;
    absl::Time due = now;
    switch (s.channel) {
      case Channel::kInApp:
        status = "sent";
        target = "user:" + s.owner.username;
        out.in_app.push_back("user:" + absl::AsciiStrToLower(s.owner.username));
        break;
      case Channel::kEmail:
        target = s.email;
        due = FirstDue(s, now);
        if (s.cadence != Cadence::kImmediate) {
          status = "digest";
        } else if (recent[s.id] >= kBurst) {
          status = "digest";
          due =
              AfterQuietHours(s, absl::FromUnixSeconds((absl::ToUnixSeconds(now) / 600 + 1) * 600));
        }
        ++recent[s.id];
        ++out.queued;
        break;
      case Channel::kWebhook:
        target = url;
        ++out.queued;
        break;
    }
    rows.push_back({{"s", s.id},
                    {"c", ChannelName(s.channel)},
                    {"st", status},
                    {"na", absl::ToUnixMicros(due)},
                    {"t", target}});
  }
  if (rows.empty()) return out;
  tx.exec_params0(R"sql(
INSERT INTO deliveries (event_id, event_source, event_type, kind, subscription_id, channel, facts,
  event_time, status, next_attempt, target, sent_time)
SELECT $1, $2, $3, $4, x.s::uuid, x.c, $5::jsonb, to_timestamp($6::double precision / 1e6), x.st,
  to_timestamp(x.na::double precision / 1e6), x.t, CASE WHEN x.st = 'sent' THEN now() END
FROM jsonb_to_recordset($7::jsonb) AS x(s text, c text, st text, na bigint, t text)
ON CONFLICT (event_source, event_id, subscription_id, channel) DO NOTHING)sql",
                  facts.event_id, facts.event_source, facts.event_type, facts.kind,
                  FactsToJson(facts), facts.time_us, core::DumpJson(rows));
  return out;
}

absl::StatusOr<std::vector<Subscription>> PgSubscriptionStore::List(const std::string& owner) {
  std::vector<Subscription> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec_params(std::string("SELECT ") + kSubColumns +
                                            " FROM subscriptions s WHERE s.owner = $1 "
                                            "ORDER BY s.create_time, s.id",
                                        owner)) {
      out.push_back(SubscriptionOf(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<Subscription> PgSubscriptionStore::Create(Subscription in) {
  Subscription stored;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    stored = SubscriptionOf(
        tx.exec_params1(InsertSql(), in.owner.subject, in.owner.username, in.owner.organisation,
                        JsonArray(in.owner.roles), JsonArray(in.kinds), FiltersJson(in.filters),
                        std::string(ChannelName(in.channel)), in.email, in.endpoint, in.language,
                        std::string(CadenceName(in.cadence)), in.digest_hour, in.digest_weekday,
                        in.time_zone, in.quiet_start_hour, in.quiet_end_hour, in.active,
                        in.default_for_role, in.unsubscribe_token));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return stored;
}

absl::StatusOr<Subscription> PgSubscriptionStore::Get(const std::string& owner,
                                                      const std::string& id) {
  std::optional<Subscription> found;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    const pqxx::result r = tx.exec_params(std::string("SELECT ") + kSubColumns +
                                              " FROM subscriptions s WHERE s.id = $1::uuid AND "
                                              "s.owner = $2",
                                          id, owner);
    if (!r.empty()) found = SubscriptionOf(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) return absl::NotFoundError("no subscription " + id);
  return *found;
}

absl::StatusOr<Subscription> PgSubscriptionStore::Update(const Subscription& in, int64_t expected) {
  Subscription stored;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    const pqxx::result r = tx.exec_params(
        UpdateSql(), in.id, in.owner.subject, expected, JsonArray(in.kinds),
        FiltersJson(in.filters), std::string(ChannelName(in.channel)), in.email, in.endpoint,
        in.language, std::string(CadenceName(in.cadence)), in.digest_hour, in.digest_weekday,
        in.time_zone, in.quiet_start_hour, in.quiet_end_hour, in.active);
    if (r.empty()) {
      const bool exists =
          !tx.exec_params("SELECT 1 FROM subscriptions WHERE id = $1::uuid AND owner = $2", in.id,
                          in.owner.subject)
               .empty();
      if (!exists) return absl::NotFoundError("no subscription " + in.id);
      return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead,
                         {core::Render(kSubscriptionWord).en});
    }
    stored = SubscriptionOf(r[0]);
    if (!stored.active) tx.exec_params0(kDropWaiting, stored.id);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return stored;
}

absl::Status PgSubscriptionStore::Delete(const std::string& owner, const std::string& id) {
  return pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    if (tx.exec_params("DELETE FROM subscriptions WHERE id = $1::uuid AND owner = $2", id, owner)
            .affected_rows() == 0) {
      return absl::NotFoundError("no subscription " + id);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> PgSubscriptionStore::Unsubscribe(
    const std::string& token) {
  std::vector<std::string> kinds;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    const pqxx::result r = tx.exec_params(
        "UPDATE subscriptions SET active = false, revision = revision + CASE WHEN active THEN 1 "
        "ELSE 0 END, update_time = now() WHERE unsubscribe_token = $1 "
        "RETURNING id::text, to_jsonb(kinds)::text",
        token);
    if (r.empty()) return absl::NotFoundError("unknown token");
    tx.exec_params0(kDropWaiting, r[0][0].as<std::string>());
    kinds = Strings(r[0][1].as<std::string>());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return kinds;
}

absl::StatusOr<WebhookEndpoint> PgSubscriptionStore::CreateEndpoint(WebhookEndpoint e) {
  WebhookEndpoint stored;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    stored = EndpointOf(
        tx.exec_params1(std::string("INSERT INTO webhook_endpoints AS w (organisation, owner, url, "
                                    "description, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ") +
                            kEndpointColumns,
                        e.organisation, e.owner, e.url, e.description, e.secret),
        true);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return stored;
}

absl::StatusOr<std::vector<WebhookEndpoint>> PgSubscriptionStore::Endpoints(
    const std::string& organisation) {
  std::vector<WebhookEndpoint> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r :
         tx.exec_params(std::string("SELECT ") + kEndpointColumns +
                            " FROM webhook_endpoints w WHERE $1 = '' OR w.organisation = $1 "
                            "ORDER BY w.create_time",
                        organisation)) {
      out.push_back(EndpointOf(r, false));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<WebhookEndpoint> PgSubscriptionStore::Endpoint(const std::string& id) {
  std::optional<WebhookEndpoint> found;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    const pqxx::result r = tx.exec_params(std::string("SELECT ") + kEndpointColumns +
                                              " FROM webhook_endpoints w WHERE w.id = $1::uuid",
                                          id);
    if (!r.empty()) found = EndpointOf(r[0], false);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) return absl::NotFoundError("no endpoint " + id);
  return *found;
}

absl::StatusOr<WebhookEndpoint> PgSubscriptionStore::RotateSecret(const std::string& id,
                                                                  const std::string& secret,
                                                                  int64_t previous_expire_us) {
  WebhookEndpoint stored;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    const pqxx::result r = tx.exec_params(
        std::string("UPDATE webhook_endpoints AS w SET previous_secret = w.secret, secret = $2, "
                    "previous_expire = to_timestamp($3::double precision / 1e6) "
                    "WHERE w.id = $1::uuid RETURNING ") +
            kEndpointColumns,
        id, secret, previous_expire_us);
    if (r.empty()) return absl::NotFoundError("no endpoint " + id);
    stored = EndpointOf(r[0], true);
    stored.previous_secret.clear();  // the caller has it already
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return stored;
}

absl::Status PgSubscriptionStore::DeleteEndpoint(const std::string& id) {
  return pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    if (tx.exec_params("DELETE FROM webhook_endpoints WHERE id = $1::uuid", id).affected_rows() ==
        0) {
      return absl::NotFoundError("no endpoint " + id);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<DeliveryPage> PgSubscriptionStore::Deliveries(
    const std::string& organisation, const std::vector<std::string>& statuses, int limit,
    int64_t before) {
  DeliveryPage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page =
        db::TakePage<Delivery>(tx.exec_params(std::string("SELECT ") + kDeliveryColumns + R"sql(
FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
LEFT JOIN webhook_endpoints w ON w.id = s.endpoint_id
WHERE d.channel <> 'in_app' AND ($1 = '' OR w.organisation = $1)
  AND ($2::jsonb = '[]'::jsonb OR $2::jsonb ? d.status) AND ($3 = 0 OR d.seq < $3)
ORDER BY d.seq DESC LIMIT $4)sql",
                                              organisation, JsonArray(statuses), before, limit + 1),
                               limit, [](const pqxx::row& r, int64_t* seq) {
                                 *seq = r[0].as<int64_t>();
                                 return DeliveryOf(r);
                               });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

absl::StatusOr<Delivery> PgSubscriptionStore::Retry(const std::string& organisation,
                                                    const std::string& id) {
  Delivery out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    const pqxx::result found = tx.exec_params(std::string("SELECT ") + kDeliveryColumns + R"sql(
FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
LEFT JOIN webhook_endpoints w ON w.id = s.endpoint_id
WHERE d.id = $2::uuid AND d.channel <> 'in_app' AND ($1 = '' OR w.organisation = $1)
FOR UPDATE OF d)sql",
                                              organisation, id);
    if (found.empty()) return absl::NotFoundError("no delivery " + id);
    const std::string status = found[0][7].as<std::string>();
    if (status != "failed" && status != "dead" && status != "refused") {
      return core::Error(
          absl::StatusCode::kFailedPrecondition,
          {"only a failed, dead or refused delivery can be sent again (this one is {0})",
           "seule une livraison en échec, abandonnée ou refusée peut être renvoyée "
           "(celle-ci est {0})",
           "لا يُعاد إلا إرسال فاشل أو متروك أو مرفوض (هذا {0})"},
          {status});
    }
    out = DeliveryOf(tx.exec_params1(std::string(R"sql(
UPDATE deliveries AS d SET status = 'pending', attempts = 0, next_attempt = now(), lease_until = NULL,
  last_error = '' WHERE d.id = $1::uuid RETURNING )sql") +
                                         kDeliveryColumns,
                                     id));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<Outgoing>> PgSubscriptionStore::Claim(int limit, absl::Duration lease) {
  std::vector<Outgoing> out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    const int64_t lease_ms = absl::ToInt64Milliseconds(lease);
    // One event each: e-mails and webhooks due, their endpoint's circuit closed.
    for (const auto& r : tx.exec_params(R"sql(
WITH due AS (
  SELECT d.id FROM deliveries d
  WHERE d.status IN ('pending', 'failed') AND d.next_attempt <= now()
    AND (d.lease_until IS NULL OR d.lease_until < now())
    AND NOT EXISTS (SELECT 1 FROM subscriptions s JOIN webhook_endpoints w ON w.id = s.endpoint_id
                    WHERE s.id = d.subscription_id AND w.open_until > now())
  ORDER BY d.next_attempt LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
UPDATE deliveries AS d SET lease_until = now() + $2 * interval '1 millisecond',
  attempts = d.attempts + 1
FROM due, subscriptions s LEFT JOIN webhook_endpoints w ON w.id = s.endpoint_id
WHERE d.id = due.id AND s.id = d.subscription_id
RETURNING d.id::text, d.channel, d.facts::text, d.target, d.attempts, s.language,
  s.unsubscribe_token, coalesce(w.id::text, ''), coalesce(w.url, ''), coalesce(w.secret, ''),
  CASE WHEN w.previous_expire > now() THEN w.previous_secret ELSE '' END)sql",
                                        limit, lease_ms)) {
      Outgoing o;
      o.id = r[0].as<std::string>();
      o.covers = {o.id};
      o.channel = ChannelOf(r[1].as<std::string>());
      o.events = {FactsFromJson(r[2].as<std::string>())};
      o.target = r[3].as<std::string>();
      o.attempts = r[4].as<int>();
      o.language = r[5].as<std::string>();
      o.unsubscribe_token = r[6].as<std::string>();
      o.endpoint_id = r[7].as<std::string>();
      if (o.channel == Channel::kWebhook && !r[8].as<std::string>().empty())
        o.target = r[8].as<std::string>();
      for (int i : {9, 10}) {
        if (!r[i].as<std::string>().empty()) o.secrets.push_back(r[i].as<std::string>());
      }
      out.push_back(std::move(o));
    }
    // Digests due: every waiting event of a subscription in one message.
    std::map<std::string, Outgoing> digests;
    for (const auto& r : tx.exec_params(R"sql(
WITH subs AS (
  SELECT DISTINCT subscription_id FROM deliveries
  WHERE status = 'digest' AND next_attempt <= now()
    AND (lease_until IS NULL OR lease_until < now()) LIMIT $1),
rows AS (
  SELECT d.id FROM deliveries d JOIN subs USING (subscription_id)
  WHERE d.status = 'digest' AND d.next_attempt <= now()
    AND (d.lease_until IS NULL OR d.lease_until < now())
  ORDER BY d.seq LIMIT 5000 FOR UPDATE OF d SKIP LOCKED)
UPDATE deliveries AS d SET lease_until = now() + $2 * interval '1 millisecond',
  attempts = d.attempts + 1
FROM rows, subscriptions s
WHERE d.id = rows.id AND s.id = d.subscription_id
RETURNING d.subscription_id::text, d.seq, d.id::text, d.facts::text, d.target, d.attempts,
  s.language, s.unsubscribe_token)sql",
                                        std::max(1, limit / 10), lease_ms)) {
      Outgoing& o = digests[r[0].as<std::string>()];
      o.channel = Channel::kEmail;
      o.digest = true;
      o.covers.push_back(r[2].as<std::string>());
      o.events.push_back(FactsFromJson(r[3].as<std::string>()));
      o.target = r[4].as<std::string>();
      o.attempts = std::max(o.attempts, r[5].as<int>());
      o.language = r[6].as<std::string>();
      o.unsubscribe_token = r[7].as<std::string>();
    }
    for (auto& [sub, o] : digests) {
      // The smallest id names the message: a retry keeps its Message-ID.
      o.id = *std::min_element(o.covers.begin(), o.covers.end());
      out.push_back(std::move(o));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status PgSubscriptionStore::Record(const std::vector<Recorded>& batch,
                                         absl::Duration open_for) {
  return pool_.Transact([&](pqxx::work& tx) {
    for (const Recorded& r : batch) {
      const Outgoing& out = *r.out;
      if (r.result.outcome == Outcome::kUnsent) {  // handed back, the attempt not made
        tx.exec_params0(
            "UPDATE deliveries SET lease_until = NULL, attempts = greatest(attempts - 1, 0) "
            "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)",
            JsonArray(out.covers));
        continue;
      }
      std::string status = OutcomeName(r.result.outcome);
      if (status == "failed" && out.digest) status = "digest";
      const int64_t next_us = r.retry_at ? absl::ToUnixMicros(*r.retry_at) : 0;
      tx.exec_params0(R"sql(
UPDATE deliveries SET status = $2, last_error = left($3, 500), lease_until = NULL,
  next_attempt = CASE WHEN $4::bigint > 0 THEN to_timestamp($4::double precision / 1e6)
                 ELSE next_attempt END,
  sent_time = CASE WHEN $2 = 'sent' THEN now() ELSE sent_time END
WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid))sql",
                      JsonArray(out.covers), status, r.result.error, next_us);
      if (out.channel != Channel::kWebhook || out.endpoint_id.empty()) continue;
      if (r.result.outcome == Outcome::kSent) {
        tx.exec_params0(
            "UPDATE webhook_endpoints SET failures = 0, open_until = NULL WHERE id = $1::uuid "
            "AND (failures <> 0 OR open_until IS NOT NULL)",
            out.endpoint_id);
      } else if (r.result.outcome == Outcome::kTransient ||
                 r.result.outcome == Outcome::kPermanent) {
        tx.exec_params0(
            "UPDATE webhook_endpoints SET failures = failures + 1, open_until = CASE WHEN "
            "failures + 1 >= $2 THEN now() + $3 * interval '1 millisecond' ELSE open_until END "
            "WHERE id = $1::uuid",
            out.endpoint_id, kOpenAfter, absl::ToInt64Milliseconds(open_for));
      }
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<QueueStats> PgSubscriptionStore::Stats() {
  QueueStats q;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    const pqxx::row r = tx.exec1(R"sql(
SELECT (SELECT count(*) FROM deliveries WHERE status IN ('pending', 'failed')),
       (SELECT count(*) FROM deliveries WHERE status = 'dead'),
       coalesce(extract(epoch FROM now() - (SELECT min(next_attempt) FROM deliveries
                WHERE status IN ('pending', 'failed') AND next_attempt <= now())), 0)::float8)sql");
    q.waiting = r[0].as<int64_t>();
    q.dead = r[1].as<int64_t>();
    q.oldest_due_s = r[2].as<double>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return q;
}

}  // namespace atlas::notify
