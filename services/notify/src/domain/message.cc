// Notification texts in fr/ar/en, e-mails and webhook bodies.
#include "notify/domain/message.h"

#include <map>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "atlas/core/json.h"
#include "atlas/core/text_formats.h"

namespace atlas::notify {
namespace {

struct Words {
  const char* fr;
  const char* ar;
  const char* en;
  const char* In(const std::string& lang) const {
    return lang == "ar" ? ar : lang == "en" ? en : fr;
  }
};

const std::map<std::string, Words>& Headlines() {
  static const auto* m = new std::map<std::string, Words>{
      {"project.submitted",
       {"Projet soumis pour validation", "مشروع مقدَّم للمصادقة",
        "Project submitted for validation"}},
      {"project.published", {"Projet publié", "مشروع منشور", "Project published"}},
      {"project.rejected",
       {"Projet renvoyé à son organisation", "مشروع مُعاد إلى الجهة",
        "Project sent back to its organisation"}},
      {"project.commented", {"Nouveau commentaire", "تعليق جديد", "New comment"}},
      {"project.mentioned", {"On vous mentionne", "تمت الإشارة إليكم", "You were mentioned"}},
      {"project.archived", {"Projet archivé", "مشروع مؤرشف", "Project archived"}},
      {"project.stale",
       {"Projet sans mise à jour depuis longtemps", "مشروع لم يُحدَّث منذ مدة طويلة",
        "Project not updated for a long time"}},
      {"dataset.released", {"Jeu de données publié", "مجموعة بيانات منشورة", "Dataset released"}},
      {"document.published",
       {"Nouveau document dans la bibliothèque", "وثيقة جديدة في المكتبة",
        "New document in the library"}},
      {"indicator.measured",
       {"Valeur d'indicateur enregistrée", "قيمة مؤشر مسجلة", "Indicator value recorded"}},
      {"indicator.off_track",
       {"Indicateur hors trajectoire", "مؤشر خارج المسار", "Indicator off track"}},
      {"indicator.due",
       {"Valeur d'indicateur attendue", "قيمة مؤشر مستحقة", "Indicator value due"}},
      {"programming.adopted",
       {"Programmation budgétaire adoptée", "برمجة ميزانياتية معتمدة",
        "Budget programming adopted"}},
      {"programming.rolled",
       {"Programmation budgétaire reconduite", "برمجة ميزانياتية مُمدَّدة",
        "Budget programming rolled forward"}},
      {"deadline", {"Échéance", "أجل", "Deadline"}},
  };
  return *m;
}

const Words kDemo = {"[DÉMO] ", "[تجريبي] ", "[DEMO] "};
const Words kDigest = {"Résumé : {0} notifications", "ملخص: {0} إشعارات",
                       "Digest: {0} notifications"};
const Words kWhy = {
    "Vous recevez ce courriel parce que vous vous êtes abonné(e) à ces notifications sur Sharaka "
    "Atlas.",
    "تتلقون هذه الرسالة لأنكم اشتركتم في هذه الإشعارات على منصة شراكة أطلس.",
    "You receive this e-mail because you subscribed to these notifications on Sharaka Atlas."};
const Words kUnsubscribe = {"Se désabonner", "إلغاء الاشتراك", "Unsubscribe"};
const Words kOpen = {"Ouvrir", "فتح", "Open"};
const Words kDemoNote = {"Données de démonstration (fictives).", "بيانات تجريبية (وهمية).",
                         "Demonstration data (fictitious)."};

// Every text in the HTML part is escaped (attributes are double-quoted).
std::string Escape(std::string_view s) { return core::XmlEscape(s); }

std::string Id(const std::string& name) { return name.substr(name.find('/') + 1); }

const char* VisibilityName(Visibility v) {
  return v == Visibility::kPublic ? "public" : v == Visibility::kStaff ? "staff" : "organisation";
}

}  // namespace

std::string Headline(const EventFacts& f, const std::string& lang) {
  auto it = Headlines().find(f.kind);
  std::string out = f.demo ? kDemo.In(lang) : "";
  out += it != Headlines().end() ? it->second.In(lang) : f.kind.c_str();
  if (!f.label.empty()) absl::StrAppend(&out, lang == "fr" ? " : «" : ": «", f.label, "»");
  return out;
}

std::string LinkOf(const EventFacts& f, const std::string& base) {
  if (f.subject.rfind("projects/", 0) == 0) {
    const std::string project = f.subject.substr(0, f.subject.find('/', 9));
    return f.visibility == Visibility::kPublic && f.kind != "project.commented" &&
                   f.kind != "project.mentioned"
               ? absl::StrCat(base, "/projects/", Id(project))
               : absl::StrCat(base, "/workspace/");
  }
  if (f.subject.rfind("datasets/", 0) == 0) return base + "/statistics";
  if (f.kind.rfind("programming.", 0) == 0) return base + "/programmes/budget";
  if (f.kind.rfind("indicator.", 0) == 0) return base + "/workspace/programming";
  return base + "/workspace/";
}

Mail ComposeMail(const std::vector<EventFacts>& events, const std::string& lang, bool digest,
                 const std::string& base, const std::string& unsubscribe_url) {
  Mail m;
  const bool rtl = lang == "ar";
  const bool demo = std::any_of(events.begin(), events.end(), [](const auto& e) { return e.demo; });
  if (!digest && events.size() == 1) {
    m.subject = Headline(events[0], lang);
  } else {
    m.subject = absl::StrReplaceAll(kDigest.In(lang), {{"{0}", std::to_string(events.size())}});
    if (demo) m.subject = kDemo.In(lang) + m.subject;
  }
  std::string items_text, items_html;
  // A digest groups its events by kind, in the order of the kinds' list.
  std::vector<const EventFacts*> ordered;
  for (const auto& kind : EventKinds()) {
    for (const auto& e : events) {
      if (e.kind == kind) ordered.push_back(&e);
    }
  }
  std::string current;
  for (const EventFacts* e : ordered) {
    if (digest && e->kind != current) {
      current = e->kind;
      auto it = Headlines().find(current);
      const std::string title = it != Headlines().end() ? it->second.In(lang) : current;
      absl::StrAppend(&items_text, "\n", title, "\n");
      absl::StrAppend(&items_html, "<h2 style=\"font-size:16px\">", Escape(title), "</h2>\n");
    }
    const std::string line = Headline(*e, lang);
    const std::string link = LinkOf(*e, base);
    absl::StrAppend(&items_text, "- ", line, "\n  ", link, "\n");
    if (!e->detail.empty()) absl::StrAppend(&items_text, "  ", e->detail, "\n");
    absl::StrAppend(&items_html, "<p>", Escape(line), "<br><a href=\"", Escape(link), "\">",
                    kOpen.In(lang), "</a>");
    if (!e->detail.empty()) absl::StrAppend(&items_html, "<br>", Escape(e->detail));
    absl::StrAppend(&items_html, "</p>\n");
  }
  m.text =
      absl::StrCat(items_text, demo ? std::string("\n") + kDemoNote.In(lang) + "\n" : "", "\n-- \n",
                   kWhy.In(lang), "\n", kUnsubscribe.In(lang), ": ", unsubscribe_url, "\n");
  m.html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", lang, "\" dir=\"", rtl ? "rtl" : "ltr",
      "\"><head><meta charset=\"utf-8\"><title>", Escape(m.subject),
      "</title></head>\n<body style=\"font-family:'Noto Sans','Noto Sans Arabic',Arial,sans-serif;"
      "text-align:",
      rtl ? "right" : "left", "\">\n<h1 style=\"font-size:18px\">", Escape(m.subject), "</h1>\n",
      items_html, demo ? absl::StrCat("<p><em>", kDemoNote.In(lang), "</em></p>\n") : "",
      "<hr><p style=\"font-size:12px;color:#555\">", kWhy.In(lang), " <a href=\"",
      Escape(unsubscribe_url), "\">", kUnsubscribe.In(lang), "</a></p>\n</body></html>\n");
  return m;
}

std::string CloudEventJson(const EventFacts& f, const std::string& delivery_id) {
  nlohmann::json data = {
      {"kind", f.kind},
      {"subject", f.subject},
      {"label", f.label},
      {"organisation", f.organisation.empty() ? "" : "organisations/" + f.organisation},
      {"demo", f.demo},
      {"deliveryId", delivery_id}};
  if (!f.detail.empty()) data["detail"] = f.detail;
  for (const auto& [k, v] : f.values) data[k] = v;
  nlohmann::json ce = {
      {"specversion", "1.0"},
      {"id", f.event_id},
      {"source", f.event_source},
      {"type", f.event_type},
      {"subject", f.subject},
      {"time", absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::FromUnixMicros(f.time_us),
                                absl::UTCTimeZone())},
      {"datacontenttype", "application/json"},
      {"data", data}};
  return core::DumpJson(ce);
}

std::string FactsToJson(const EventFacts& f) {
  nlohmann::json j = {{"kind", f.kind},
                      {"id", f.event_id},
                      {"source", f.event_source},
                      {"type", f.event_type},
                      {"subject", f.subject},
                      {"label", f.label},
                      {"time", f.time_us},
                      {"visibility", VisibilityName(f.visibility)},
                      {"organisation", f.organisation},
                      {"mentioned", f.mentioned},
                      {"detail", f.detail},
                      {"demo", f.demo},
                      {"values", f.values}};
  return core::DumpJson(j);
}

EventFacts FactsFromJson(const std::string& json) {
  EventFacts f;
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return f;
  auto str = [&](const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
  };
  f.kind = str("kind");
  f.event_id = str("id");
  f.event_source = str("source");
  f.event_type = str("type");
  f.subject = str("subject");
  f.label = str("label");
  f.organisation = str("organisation");
  f.mentioned = str("mentioned");
  f.detail = str("detail");
  if (j.contains("time") && j["time"].is_number_integer()) f.time_us = j["time"].get<int64_t>();
  const std::string v = str("visibility");
  f.visibility = v == "public"  ? Visibility::kPublic
                 : v == "staff" ? Visibility::kStaff
                                : Visibility::kOrganisation;
  f.demo = j.contains("demo") && j["demo"].is_boolean() && j["demo"].get<bool>();
  if (j.contains("values") && j["values"].is_object()) {
    for (auto& [k, arr] : j["values"].items()) {
      if (!arr.is_array()) continue;
      for (auto& x : arr) {
        if (x.is_string()) f.values[k].push_back(x.get<std::string>());
      }
    }
  }
  return f;
}

}  // namespace atlas::notify
