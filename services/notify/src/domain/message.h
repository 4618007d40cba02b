// What a notification says, in the recipient's language: e-mails (text and
// HTML, one event or a digest) and webhook bodies (CloudEvents JSON).
#ifndef ATLAS_NOTIFY_DOMAIN_MESSAGE_H_
#define ATLAS_NOTIFY_DOMAIN_MESSAGE_H_

#include <string>
#include <vector>

#include "notify/domain/subscription.h"

namespace atlas::notify {

struct Mail {
  std::string subject;
  std::string text;  // text/plain; charset=utf-8
  std::string html;  // text/html; charset=utf-8 (dir=rtl in Arabic)
};

// One line about `f` in `lang` (fr, ar, en), e.g. "Projet publié : «Titre»".
std::string Headline(const EventFacts& f, const std::string& lang);

// Where a person reads more about `f` under `base_url` (no trailing slash).
std::string LinkOf(const EventFacts& f, const std::string& base_url);

// The e-mail telling of `events` (one: an immediate message; several, or
// `digest`: a digest grouping them by kind) with the one-click unsubscribe
// link. Every text from events is escaped in the HTML part.
Mail ComposeMail(const std::vector<EventFacts>& events, const std::string& lang, bool digest,
                 const std::string& base_url, const std::string& unsubscribe_url);

// The webhook body: a CloudEvents 1.0 JSON object (structured mode) whose
// data says what the event is about (no more than the endpoint may know).
std::string CloudEventJson(const EventFacts& f, const std::string& delivery_id);

// Facts to and from the JSON kept with a delivery.
std::string FactsToJson(const EventFacts& f);
EventFacts FactsFromJson(const std::string& json);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_MESSAGE_H_
