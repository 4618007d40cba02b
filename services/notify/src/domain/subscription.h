// Subscriptions: who asked to hear about which events, filtered how, told
// where and when; and the facts of an event they are matched against.
// Pure logic: validation, matching, visibility.
#ifndef ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_H_
#define ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "notify/domain/inbox.h"

namespace atlas::notify {

// The event kinds a subscription may name (docs/notify.md).
const std::vector<std::string>& EventKinds();
// The kind of a CloudEvents type, e.g. "ma.sharaka.atlas.project.published.v1"
// -> "project.published"; "ma.sharaka.atlas.comment.created.v1" ->
// "project.commented"; "" when no subscription can name it.
std::string KindOfType(std::string_view type);

// The filter keys, in the order the API lists them.
const std::vector<std::string>& FilterKeys();
using Filters = std::map<std::string, std::vector<std::string>>;

// Who may know that an event happened.
enum class Visibility {
  kPublic,        // anyone (a published project, a released dataset)
  kOrganisation,  // `EventFacts::organisation`'s people and the ministry's staff
  kStaff,         // validators, analysts and administrators
};

// What an event says, as subscriptions are matched against it and messages
// are written from it.
struct EventFacts {
  std::string kind;
  std::string event_id, event_source, event_type;
  std::string subject;  // projects/…, datasets/…, indicators/…
  std::string label;    // a title, for people
  int64_t time_us = 0;
  Visibility visibility = Visibility::kPublic;
  std::string organisation;  // id of the organisation whose data it is
  std::string mentioned;     // project.mentioned: "user:<handle>" or "org:<id>"
  std::string detail;        // one more line (a reason, a value), may be empty
  std::string actor;         // users/{id} or serviceAccounts/{id} who did it, if known
  bool demo = false;
  Filters values;  // filter key -> the event's values (regions: MA-01…)
};

enum class Channel { kInApp, kEmail, kWebhook };
enum class Cadence { kImmediate, kDaily, kWeekly };
const char* ChannelName(Channel c);
const char* CadenceName(Cadence c);

struct Subscription {
  std::string id;
  Reader owner;  // as the token that subscribed said
  std::vector<std::string> kinds;
  Filters filters;
  Channel channel = Channel::kInApp;
  std::string email;
  std::string endpoint;  // webhook endpoint id
  std::string language = "fr";
  Cadence cadence = Cadence::kImmediate;
  int digest_hour = 8, digest_weekday = 1;  // weekday 1 = Monday … 7
  std::string time_zone = "Africa/Casablanca";
  int quiet_start_hour = -1, quiet_end_hour = -1;
  bool active = true;
  bool default_for_role = false;
  std::string unsubscribe_token;
  int64_t revision = 0;
  int64_t create_time_us = 0, update_time_us = 0;
};

// Whether `reader` may be told that the event happened: the access rules of
// the data it is about (another organisation's draft: no).
bool MayKnow(const Reader& reader, const EventFacts& facts);

// Whether `s` wants to hear about `facts`: active, of one of its kinds, every
// filter met, a mention naming its owner (or the owner's organisation), its
// owner allowed to know — and not the one who did it (nobody is told of
// their own action).
bool Matches(const Subscription& s, const EventFacts& facts);

// Checks `s` (fields named `subscription.*`) and fills defaults; INVALID_ARGUMENT
// in the caller's language listing every problem.
absl::Status Validate(Subscription& s);

// Whether `address` is an e-mail address a subscription may send to: one
// `local@domain`, printable ASCII or UTF-8, no spaces, quotes, angle
// brackets or line breaks, a dotted domain; at most 254 bytes.
bool IsMailAddress(std::string_view address);

// The in-app subscriptions a person of `owner`'s roles starts with.
std::vector<Subscription> RoleDefaults(const Reader& owner);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_H_
