// atlas-notify: wiring only. See docs/services.md and docs/notify.md.
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <random>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "atlas/bus/relay.h"
#include "atlas/core/log.h"
#include "atlas/core/periodic.h"
#include "atlas/runtime/runtime.h"
#include "notify/api/notify_service.h"
#include "notify/domain/dispatcher.h"
#include "notify/domain/inbox_service.h"
#include "notify/domain/schedule.h"
#include "notify/domain/subscription_service.h"
#include "notify/events/inbox_events.h"
#include "notify/events/scheduled_rules.h"
#include "notify/send/senders.h"
#include "notify/send/signing.h"
#include "notify/send/url_guard.h"
#include "notify/store/pg_inbox_store.h"
#include "notify/store/pg_subscription_store.h"

const std::vector<atlas::db::Migration>& NotifyMigrations();

namespace {

using namespace atlas;

struct Settings {
  notify::SmtpOptions smtp;
  std::string allow;
  int webhook_timeout_ms = 10000, retry_base_ms = 5000, max_attempts = 8;
  int dispatch_ms = 250, senders = 2, stale_months = 6, rules_every_s = 3600;
  std::vector<notify::Deadline> deadlines;
  int deadline_notice_days = 30;
};

absl::StatusOr<Settings> ReadSettings() {
  Settings s;
  core::EnvReader env;
  env.String("ATLAS_NOTIFY_SMTP_URL", "", &s.smtp.url);
  env.String("ATLAS_NOTIFY_SMTP_USER", "", &s.smtp.username);
  env.String("ATLAS_NOTIFY_SMTP_PASSWORD", "", &s.smtp.password);
  env.Enum("ATLAS_NOTIFY_SMTP_STARTTLS", "try", {"required", "try", "off"}, &s.smtp.starttls);
  env.String("ATLAS_NOTIFY_MAIL_FROM", s.smtp.from, &s.smtp.from);
  env.String("ATLAS_PUBLIC_URL", "http://127.0.0.1:8080", &s.smtp.base_url);
  env.String("ATLAS_NOTIFY_WEBHOOK_ALLOW", "", &s.allow);
  env.Int("ATLAS_NOTIFY_WEBHOOK_TIMEOUT_MS", 10000, 100, 60000, &s.webhook_timeout_ms);
  env.Int("ATLAS_NOTIFY_RETRY_BASE_MS", 5000, 1, 600000, &s.retry_base_ms);
  env.Int("ATLAS_NOTIFY_MAX_ATTEMPTS", 8, 1, 20, &s.max_attempts);
  env.Int("ATLAS_NOTIFY_DISPATCH_MS", 250, 10, 60000, &s.dispatch_ms);
  env.Int("ATLAS_NOTIFY_SENDERS", 2, 1, 16, &s.senders);
  env.Int("ATLAS_NOTIFY_STALE_MONTHS", 6, 1, 120, &s.stale_months);
  env.Int("ATLAS_NOTIFY_RULES_EVERY_S", 3600, 1, 86400, &s.rules_every_s);
  std::string deadlines;
  env.String("ATLAS_NOTIFY_DEADLINES", "", &deadlines);
  env.Int("ATLAS_NOTIFY_DEADLINE_NOTICE_DAYS", 30, 0, 365, &s.deadline_notice_days);
  if (absl::StatusOr<std::vector<notify::Deadline>> d = notify::ParseDeadlines(deadlines); d.ok()) {
    s.deadlines = *std::move(d);
  } else {
    env.Fail("ATLAS_NOTIFY_DEADLINES: " + std::string(d.status().message()));
  }
  if (absl::Status st = env.Finish(); !st.ok()) return st;
  while (!s.smtp.base_url.empty() && s.smtp.base_url.back() == '/') s.smtp.base_url.pop_back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  return runtime::Main(
      argc, argv, core::kNotify, NotifyMigrations(), [](runtime::Runtime& rt) -> absl::Status {
        absl::StatusOr<Settings> settings = ReadSettings();
        if (!settings.ok()) return settings.status();
        std::vector<notify::Cidr> allow;
        for (absl::string_view part :
             absl::StrSplit(settings->allow, ',', absl::SkipWhitespace())) {
          absl::StatusOr<notify::Cidr> c =
              notify::ParseCidr(std::string_view(part.data(), part.size()));
          if (!c.ok())
            return absl::InvalidArgumentError("ATLAS_NOTIFY_WEBHOOK_ALLOW: " +
                                              std::string(c.status().message()));
          allow.push_back(*c);
        }
        // atlas.notify.notification.created: the gateway pushes new entries.
        bus::Relay& relay = rt.StartRelay();
        auto store = std::make_shared<notify::PgInboxStore>(rt.pool());
        auto subs = std::make_shared<notify::PgSubscriptionStore>(rt.pool());
        auto guard = std::make_shared<notify::NetworkGuard>(allow);
        auto webhooks = std::make_shared<notify::WebhookSender>(
            *guard, std::chrono::milliseconds(settings->webhook_timeout_ms));
        auto mail = std::make_shared<notify::SmtpSender>(settings->smtp);

        // Deliveries by channel and outcome; the queue, oldest due and dead letters.
        auto& delivered = prometheus::BuildCounter()
                              .Name("atlas_notify_deliveries_total")
                              .Help("Deliveries attempted, by channel and outcome")
                              .Register(rt.metrics());
        std::map<std::pair<int, int>, prometheus::Counter*> counters;
        for (auto c : {notify::Channel::kEmail, notify::Channel::kWebhook}) {
          for (auto o : {notify::Outcome::kSent, notify::Outcome::kTransient,
                         notify::Outcome::kPermanent, notify::Outcome::kRefused}) {
            counters[{static_cast<int>(c), static_cast<int>(o)}] = &delivered.Add(
                {{"channel", notify::ChannelName(c)}, {"outcome", notify::OutcomeName(o)}});
          }
        }
        auto& gauges =
            prometheus::BuildGauge()
                .Name("atlas_notify_queue")
                .Help("Deliveries waiting to be sent (pending or failed), and dead letters")
                .Register(rt.metrics());
        prometheus::Gauge* waiting = &gauges.Add({{"state", "waiting"}});
        prometheus::Gauge* dead = &gauges.Add({{"state", "dead"}});
        prometheus::Gauge* oldest = &prometheus::BuildGauge()
                                         .Name("atlas_notify_oldest_due_seconds")
                                         .Help("Age of the oldest delivery due and not yet sent")
                                         .Register(rt.metrics())
                                         .Add({});

        notify::RetryPolicy policy{.scale = settings->retry_base_ms / 5000.0,
                                   .max_attempts = settings->max_attempts};
        auto dispatcher = std::make_shared<notify::Dispatcher>(
            *subs, *mail, *webhooks, policy, [] { return absl::Now(); },
            [] {
              thread_local std::mt19937_64 rng{std::random_device{}()};
              return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
            },
            [counters](notify::Channel c, notify::Outcome o) {
              auto it = counters.find({static_cast<int>(c), static_cast<int>(o)});
              if (it != counters.end()) it->second->Increment();
            },
            absl::Milliseconds(
                std::max<int64_t>(settings->webhook_timeout_ms, settings->smtp.timeout.count())));
        // Inbox entries and deliveries come from events; security audit events
        // (atlas.audit.*) go to the gateway's audit log instead. JetStream 2.9
        // takes one filter per consumer: each producer has its own consumer.
        auto handle = [](const bus::Decoder<pqxx::work>& d) {
          return [&d](pqxx::work& tx, const bus::Event& e) { return d.Dispatch(tx, e); };
        };
        rt.AddConsumer({.durable = "notify-registry",
                        .filter_subject = "atlas.registry.>",
                        .after_commit = [&relay] { relay.Wake(); }},
                       handle(notify::InboxEvents()));
        rt.AddConsumer({.durable = "notify-stats",
                        .filter_subject = "atlas.stats.>",
                        .after_commit = [&relay] { relay.Wake(); }},
                       handle(notify::OtherEvents()));
        rt.AddConsumer({.durable = "notify-indicators",
                        .filter_subject = "atlas.indicators.>",
                        .after_commit = [&relay] { relay.Wake(); }},
                       handle(notify::OtherEvents()));

        // Senders: each drains what is due, batch after batch, then waits.
        for (int i = 0; i < settings->senders; ++i) {
          auto sender = std::make_shared<core::Periodic>(
              std::chrono::milliseconds(settings->dispatch_ms), std::chrono::seconds(2),
              [dispatcher] {
                for (int round = 0; round < 100; ++round) {
                  absl::StatusOr<int> n = dispatcher->RunOnce(50);
                  if (!n.ok()) {
                    atlas::log::Warn("deliveries not sent; will retry",
                                     {{"error", n.status().ToString()}});
                    return false;
                  }
                  if (*n < 50) break;
                }
                return true;
              });
          sender->Start();
          rt.OnShutdown([s = sender.get()] { s->Stop(); });
          rt.Keep(sender);
        }
        // Scheduled rules (timers in PostgreSQL) and the queue's gauges.
        auto rules = std::make_shared<core::Periodic>(
            std::chrono::seconds(15), std::chrono::seconds(30),
            [&pool = rt.pool(), subs, waiting, dead, oldest, months = settings->stale_months,
             every = settings->rules_every_s, deadlines = settings->deadlines,
             notice = settings->deadline_notice_days] {
              if (absl::StatusOr<int> d = notify::RunDeadlines(pool, deadlines, notice); !d.ok()) {
                atlas::log::Warn("deadline rule failed", {{"error", d.status().ToString()}});
              }
              absl::StatusOr<int> stale =
                  notify::RunStaleProjects(pool, months, absl::Seconds(every));
              if (!stale.ok()) {
                atlas::log::Warn("stale-project rule failed",
                                 {{"error", stale.status().ToString()}});
              } else if (*stale > 0) {
                atlas::log::Info("stale projects announced", {{"count", std::to_string(*stale)}});
              }
              absl::StatusOr<notify::QueueStats> q = subs->Stats();
              if (!q.ok()) return false;
              waiting->Set(static_cast<double>(q->waiting));
              dead->Set(static_cast<double>(q->dead));
              oldest->Set(q->oldest_due_s);
              return stale.ok();
            });
        rules->Start();
        rt.OnShutdown([r = rules.get()] { r->Stop(); });

        auto inbox = std::make_shared<notify::InboxService>(*store);
        auto subscriptions = std::make_shared<notify::SubscriptionService>(
            *subs, *guard,
            notify::SecretSource{.token = notify::NewToken,
                                 .webhook_secret = notify::NewWebhookSecret});
        auto api =
            std::make_shared<notify::NotifyServiceImpl>(*inbox, *subscriptions, rt.authorizer());
        for (std::shared_ptr<void> kept : std::initializer_list<std::shared_ptr<void>>{
                 store, subs, guard, webhooks, mail, dispatcher, rules, inbox, subscriptions,
                 api}) {
          rt.Keep(kept);
        }
        rt.AddService(api.get());
        return absl::OkStatus();
      });
}
