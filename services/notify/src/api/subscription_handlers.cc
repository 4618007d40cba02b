// NotifyService handlers for subscriptions, webhook endpoints and deliveries.
#include "absl/time/clock.h"
#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/rpc/handler.h"
#include "notify/api/notify_service.h"
#include "notify/api/reader.h"
#include "notify/domain/subscription_service.h"

namespace atlas::notify {
namespace {

constexpr std::string_view kService = "atlas.notify.v1.NotifyService.";

// The id in `name` ("subscriptions/x" -> "x"); a bare id is taken as is.
std::string IdAfter(const std::string& name, std::string_view prefix) {
  return core::IdOf(name, prefix).value_or(name);
}

template <typename R>
std::vector<std::string> Vec(const R& r) {
  return {r.begin(), r.end()};
}

Subscription FromProto(const v1::Subscription& p, core::Lang lang) {
  Subscription s;
  s.id = IdAfter(p.name(), "subscriptions/");
  s.kinds = Vec(p.kinds());
  s.filters = {{"regions", Vec(p.regions())},
               {"provinces", Vec(p.provinces())},
               {"themes", Vec(p.themes())},
               {"programmes", Vec(p.programmes())},
               {"organisations", Vec(p.organisations())},
               {"projects", Vec(p.projects())},
               {"diaspora_countries", Vec(p.diaspora_countries())}};
  s.channel = p.channel() == "email"     ? Channel::kEmail
              : p.channel() == "webhook" ? Channel::kWebhook
                                         : Channel::kInApp;
  s.email = p.email();
  s.endpoint = IdAfter(p.endpoint(), "webhookEndpoints/");
  s.language = p.language().empty() ? core::LanguageTag(lang) : p.language();
  s.cadence = p.cadence() == "daily"    ? Cadence::kDaily
              : p.cadence() == "weekly" ? Cadence::kWeekly
                                        : Cadence::kImmediate;
  s.digest_hour = p.digest_hour() == 0 && p.cadence().empty() ? 8 : p.digest_hour();
  s.digest_weekday = p.digest_weekday();
  s.time_zone = p.time_zone();
  // Proto3 cannot tell 0 from unset: both 0 means none (a quiet span from
  // midnight to midnight is none anyway).
  s.quiet_start_hour =
      p.quiet_start_hour() == 0 && p.quiet_end_hour() == 0 ? -1 : p.quiet_start_hour();
  s.quiet_end_hour = p.quiet_start_hour() == 0 && p.quiet_end_hour() == 0 ? -1 : p.quiet_end_hour();
  s.active = p.active();
  return s;
}

// Unknown channels and cadences are named, not guessed.
absl::Status CheckCodes(const v1::Subscription& p) {
  std::vector<core::FieldViolation> bad;
  const std::string& c = p.channel();
  if (!c.empty() && c != "in_app" && c != "email" && c != "webhook") {
    bad.push_back(
        core::Violation("subscription.channel", core::texts::kOneOf, {"in_app, email, webhook"}));
  }
  const std::string& k = p.cadence();
  if (!k.empty() && k != "immediate" && k != "daily" && k != "weekly") {
    bad.push_back(
        core::Violation("subscription.cadence", core::texts::kOneOf, {"immediate, daily, weekly"}));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

void ToProto(const Subscription& s, v1::Subscription* p) {
  p->set_name("subscriptions/" + s.id);
  for (const auto& k : s.kinds) p->add_kinds(k);
  auto put = [&](const char* key, google::protobuf::RepeatedPtrField<std::string>* out) {
    auto it = s.filters.find(key);
    if (it != s.filters.end()) {
      for (const auto& v : it->second) out->Add()->assign(v);
    }
  };
  put("regions", p->mutable_regions());
  put("provinces", p->mutable_provinces());
  put("themes", p->mutable_themes());
  put("programmes", p->mutable_programmes());
  put("organisations", p->mutable_organisations());
  put("projects", p->mutable_projects());
  put("diaspora_countries", p->mutable_diaspora_countries());
  p->set_channel(ChannelName(s.channel));
  p->set_email(s.email);
  if (!s.endpoint.empty()) p->set_endpoint("webhookEndpoints/" + s.endpoint);
  p->set_language(s.language);
  p->set_cadence(CadenceName(s.cadence));
  p->set_digest_hour(s.digest_hour);
  p->set_digest_weekday(s.digest_weekday);
  p->set_time_zone(s.time_zone);
  p->set_quiet_start_hour(s.quiet_start_hour);
  p->set_quiet_end_hour(s.quiet_end_hour);
  p->set_active(s.active);
  p->set_default_for_role(s.default_for_role);
  p->set_etag(core::RevisionEtag(s.revision));
  rpc::SetTimestamp(s.create_time_us, p->mutable_create_time());
  rpc::SetTimestamp(s.update_time_us, p->mutable_update_time());
}

void ToProto(const WebhookEndpoint& e, v1::WebhookEndpoint* p) {
  p->set_name("webhookEndpoints/" + e.id);
  p->set_url(e.url);
  p->set_description(e.description);
  p->set_organisation("organisations/" + e.organisation);
  p->set_secret(e.secret);
  const int64_t now = absl::ToUnixMicros(absl::Now());
  p->set_circuit(e.open_until_us > now ? "open" : "closed");
  if (e.open_until_us > now) rpc::SetTimestamp(e.open_until_us, p->mutable_open_until());
  if (e.previous_expire_us > now) {
    rpc::SetTimestamp(e.previous_expire_us, p->mutable_previous_secret_expire_time());
  }
  rpc::SetTimestamp(e.create_time_us, p->mutable_create_time());
}

void ToProto(const Delivery& d, v1::Delivery* p) {
  p->set_name("deliveries/" + d.id);
  p->set_subscription("subscriptions/" + d.subscription_id);
  p->set_channel(d.channel);
  p->set_event_id(d.event_id);
  p->set_event_type(d.event_type);
  p->set_status(d.status);
  p->set_attempts(d.attempts);
  p->set_last_error(d.last_error);
  p->set_target(d.target);
  rpc::SetTimestamp(d.next_attempt_us, p->mutable_next_attempt_time());
  rpc::SetTimestamp(d.create_time_us, p->mutable_create_time());
  if (d.sent_time_us > 0) rpc::SetTimestamp(d.sent_time_us, p->mutable_sent_time());
}

}  // namespace

grpc::ServerUnaryReactor* NotifyServiceImpl::ListSubscriptions(
    grpc::CallbackServerContext* ctx, const v1::ListSubscriptionsRequest*,
    v1::ListSubscriptionsResponse* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "ListSubscriptions",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto found = subscriptions_.List(ReaderOf(caller));
                      if (!found.ok()) return found.status();
                      for (const auto& s : *found) ToProto(s, resp->add_subscriptions());
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::CreateSubscription(
    grpc::CallbackServerContext* ctx, const v1::CreateSubscriptionRequest* req,
    v1::Subscription* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "CreateSubscription",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      if (absl::Status c = CheckCodes(req->subscription()); !c.ok()) return c;
                      auto s = subscriptions_.Create(
                          ReaderOf(caller),
                          FromProto(req->subscription(), rpc::CallerLanguage(ctx)));
                      if (!s.ok()) return s.status();
                      ToProto(*s, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::UpdateSubscription(
    grpc::CallbackServerContext* ctx, const v1::UpdateSubscriptionRequest* req,
    v1::Subscription* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "UpdateSubscription",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      if (absl::Status c = CheckCodes(req->subscription()); !c.ok()) return c;
                      const std::string etag = req->subscription().etag().empty()
                                                   ? rpc::CallerMetadata(ctx, "if-match")
                                                   : req->subscription().etag();
                      auto s = subscriptions_.Update(
                          ReaderOf(caller),
                          FromProto(req->subscription(), rpc::CallerLanguage(ctx)), etag);
                      if (!s.ok()) return s.status();
                      ToProto(*s, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::DeleteSubscription(
    grpc::CallbackServerContext* ctx, const v1::DeleteSubscriptionRequest* req,
    v1::DeleteSubscriptionResponse*) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "DeleteSubscription",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      return subscriptions_.Delete(ReaderOf(caller),
                                                   IdAfter(req->name(), "subscriptions/"));
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::Unsubscribe(grpc::CallbackServerContext* ctx,
                                                         const v1::UnsubscribeRequest* req,
                                                         v1::UnsubscribeResponse* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "Unsubscribe",
                    [&](const rpc::Caller&) -> absl::Status {
                      auto kinds = subscriptions_.Unsubscribe(req->token());
                      if (!kinds.ok()) return kinds.status();
                      for (const auto& k : *kinds) resp->add_kinds(k);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::CreateWebhookEndpoint(
    grpc::CallbackServerContext* ctx, const v1::CreateWebhookEndpointRequest* req,
    v1::WebhookEndpoint* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "CreateWebhookEndpoint",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      WebhookEndpoint e;
                      e.url = req->endpoint().url();
                      e.description = req->endpoint().description();
                      auto stored = subscriptions_.CreateEndpoint(ReaderOf(caller), std::move(e));
                      if (!stored.ok()) return stored.status();
                      ToProto(*stored, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::ListWebhookEndpoints(
    grpc::CallbackServerContext* ctx, const v1::ListWebhookEndpointsRequest*,
    v1::ListWebhookEndpointsResponse* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "ListWebhookEndpoints",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto found = subscriptions_.Endpoints(ReaderOf(caller));
                      if (!found.ok()) return found.status();
                      for (const auto& e : *found) ToProto(e, resp->add_endpoints());
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::RotateWebhookSecret(
    grpc::CallbackServerContext* ctx, const v1::RotateWebhookSecretRequest* req,
    v1::WebhookEndpoint* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "RotateWebhookSecret",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto e = subscriptions_.RotateSecret(
                          ReaderOf(caller), IdAfter(req->name(), "webhookEndpoints/"),
                          req->overlap_hours(), absl::ToUnixMicros(absl::Now()));
                      if (!e.ok()) return e.status();
                      ToProto(*e, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::DeleteWebhookEndpoint(
    grpc::CallbackServerContext* ctx, const v1::DeleteWebhookEndpointRequest* req,
    v1::DeleteWebhookEndpointResponse*) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "DeleteWebhookEndpoint",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      return subscriptions_.DeleteEndpoint(
                          ReaderOf(caller), IdAfter(req->name(), "webhookEndpoints/"));
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::ListDeliveries(grpc::CallbackServerContext* ctx,
                                                            const v1::ListDeliveriesRequest* req,
                                                            v1::ListDeliveriesResponse* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "ListDeliveries",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto page =
                          subscriptions_.Deliveries(ReaderOf(caller), req->page_size(),
                                                    req->page_token(), Vec(req->statuses()));
                      if (!page.ok()) return page.status();
                      for (const auto& d : page->items) ToProto(d, resp->add_deliveries());
                      resp->set_next_page_token(core::NextPageToken(*page));
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::RetryDelivery(grpc::CallbackServerContext* ctx,
                                                           const v1::RetryDeliveryRequest* req,
                                                           v1::Delivery* resp) {
  return rpc::Unary(ctx, authz_, std::string(kService) + "RetryDelivery",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto d = subscriptions_.Retry(ReaderOf(caller),
                                                    IdAfter(req->name(), "deliveries/"));
                      if (!d.ok()) return d.status();
                      ToProto(*d, resp);
                      return absl::OkStatus();
                    });
}

}  // namespace atlas::notify
