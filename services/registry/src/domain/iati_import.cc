// IATI activity XML -> project content (libxml2 tree API).
#include "registry/domain/iati_import.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atlas/core/status.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

constexpr core::Text kNotIati = {"is not IATI activity XML: {0}",
                                 "n'est pas du XML d'activités IATI : {0}",
                                 "ليس ملف XML لأنشطة IATI: {0}"};
constexpr core::Text kNotMapped = {"element not mapped to the project record; not imported",
                                   "élément sans équivalent dans la fiche projet ; non importé",
                                   "عنصر لا مقابل له في بطاقة المشروع؛ لم يُستورد"};
constexpr core::Text kUnknownCode = {"code \"{0}\" has no equivalent here; not imported",
                                     "le code « {0} » n'a pas d'équivalent ici ; non importé",
                                     "الرمز «{0}» لا مقابل له هنا؛ لم يُستورد"};
constexpr core::Text kLanguage = {"text in language \"{0}\" not kept (fr, ar and en are)",
                                  "texte en langue « {0} » non conservé (fr, ar et en le sont)",
                                  "نص باللغة «{0}» لم يُحتفظ به (تُحفظ fr وar وen)"};
constexpr core::Text kBadValue = {"unreadable value \"{0}\"; not imported",
                                  "valeur illisible « {0} » ; non importée",
                                  "قيمة غير مقروءة «{0}»؛ لم تُستورد"};
constexpr core::Text kCurrency = {
    "currency \"{0}\" differs from the project's ({1}); line not imported",
    "devise « {0} » différente de celle du projet ({1}) ; ligne non importée",
    "العملة «{0}» تختلف عن عملة المشروع ({1})؛ لم يُستورد السطر"};

constexpr core::Text kDoctype = {
    "must not contain a DOCTYPE (IATI files need none; entities are refused)",
    "ne doit pas contenir de DOCTYPE (un fichier IATI n'en a pas besoin ; les entités sont "
    "refusées)",
    "يجب ألا يحتوي على DOCTYPE (ملفات IATI لا تحتاج إليه؛ الكيانات مرفوضة)"};
constexpr core::Text kTooManyActivities = {
    "holds more than {0} activities ({1}); split it into several documents",
    "contient plus de {0} activités ({1}) ; découpez-le en plusieurs documents",
    "يحتوي على أكثر من {0} نشاط ({1})؛ قسّمه إلى عدة وثائق"};

struct XmlCtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct XmlFree {
  void operator()(xmlChar* s) const { xmlFree(s); }
};

std::string Name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

std::string Attr(const xmlNode* n, const char* name) {
  std::unique_ptr<xmlChar, XmlFree> v(xmlGetProp(n, reinterpret_cast<const xmlChar*>(name)));
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

std::string Text(const xmlNode* n) {
  std::unique_ptr<xmlChar, XmlFree> v(xmlNodeGetContent(n));
  std::string s = v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
  const size_t a = s.find_first_not_of(" \t\r\n");
  const size_t b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// The xml:lang in force at `n` (inherited from the activity), or `fallback`.
std::string Lang(const xmlNode* n, const std::string& fallback) {
  std::unique_ptr<xmlChar, XmlFree> v(xmlNodeGetLang(n));
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : fallback;
}

std::vector<const xmlNode*> Children(const xmlNode* n, const char* name = nullptr) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && (name == nullptr || Name(c) == name)) out.push_back(c);
  }
  return out;
}

const xmlNode* Child(const xmlNode* n, const char* name) {
  auto c = Children(n, name);
  return c.empty() ? nullptr : c.front();
}

bool ParseDate(const std::string& iso, google::type::Date* out) {
  int y = 0, m = 0, d = 0;
  if (iso.size() < 10 || !absl::SimpleAtoi(iso.substr(0, 4), &y) ||
      !absl::SimpleAtoi(iso.substr(5, 2), &m) || !absl::SimpleAtoi(iso.substr(8, 2), &d)) {
    return false;
  }
  out->set_year(y);
  out->set_month(m);
  out->set_day(d);
  return true;
}

class ActivityReader {
 public:
  ActivityReader(const xmlNode* activity, std::vector<ImportIssue>& issues)
      : a_(activity), issues_(issues) {}

  ImportedActivity Read() {
    ImportedActivity out;
    out.line = static_cast<int>(xmlGetLineNo(a_));
    v1::Project& c = out.content;
    if (const xmlNode* id = Child(a_, "iati-identifier")) c.set_iati_identifier(Text(id));
    id_ = c.iati_identifier();
    default_lang_ = Lang(a_, "en");
    if (default_lang_ == "fr" || default_lang_ == "ar" || default_lang_ == "en") {
      c.set_original_language(default_lang_);
    }
    const std::string currency = Attr(a_, "default-currency");
    if (currency == "MAD" || currency == "EUR" || currency == "USD") {
      c.set_currency(currency);
    } else if (!currency.empty()) {
      Issue("@default-currency", kUnknownCode, {currency});
    }
    for (const xmlNode* e : Children(a_)) {
      const std::string name = Name(e);
      if (name == "iati-identifier" || name == "reporting-org") continue;
      if (name == "title") {
        Texts(e, c.mutable_title(), "title");
      } else if (name == "description") {
        const std::string type = Attr(e, "type");
        if (type.empty() || type == "1") {
          Texts(e, c.mutable_summary(), "description");
        } else if (type == "2") {
          Texts(e, c.mutable_objectives(), "description[@type='2']");
        } else if (type == "4") {
          Texts(e, c.mutable_expected_results(), "description[@type='4']");
        } else {
          Issue("description[@type='" + type + "']", kNotMapped);
        }
      } else if (name == "participating-org") {
        int role = 0;
        if (!absl::SimpleAtoi(Attr(e, "role"), &role) || role < 1 || role > 4) {
          Issue("participating-org/@role", kUnknownCode, {Attr(e, "role")});
          continue;
        }
        auto* o = c.add_participating_organisations();
        o->set_role(static_cast<v1::OrganisationRole>(role));
        o->set_iati_ref(Attr(e, "ref"));
        o->set_type(Attr(e, "type"));
        const xmlNode* narrative = Child(e, "narrative");
        o->set_name(narrative != nullptr ? Text(narrative) : Attr(e, "ref"));
      } else if (name == "activity-status") {
        int code = 0;
        if (absl::SimpleAtoi(Attr(e, "code"), &code) && v1::ActivityStatus_IsValid(code) &&
            code != 0) {
          c.set_status(static_cast<v1::ActivityStatus>(code));
        } else {
          Issue("activity-status/@code", kUnknownCode, {Attr(e, "code")});
        }
      } else if (name == "activity-date") {
        google::type::Date d;
        const std::string type = Attr(e, "type");
        if (!ParseDate(Attr(e, "iso-date"), &d)) {
          Issue("activity-date/@iso-date", kBadValue, {Attr(e, "iso-date")});
        } else if (type == "1") {
          *c.mutable_planned_start() = d;
        } else if (type == "2") {
          *c.mutable_actual_start() = d;
        } else if (type == "3") {
          *c.mutable_planned_end() = d;
        } else if (type == "4") {
          *c.mutable_actual_end() = d;
        } else {
          Issue("activity-date/@type", kUnknownCode, {type});
        }
      } else if (name == "recipient-country") {
        if (Attr(e, "code") != "MA") Issue("recipient-country", kUnknownCode, {Attr(e, "code")});
      } else if (name == "location") {
        Location(e, c);
      } else if (name == "sector") {
        const std::string code = Attr(e, "code");
        const std::string vocabulary = Attr(e, "vocabulary");
        if ((vocabulary == "98" || vocabulary == "99") && IsTerm(*Themes(), code)) {
          c.add_themes(code);
        } else {
          Issue("sector[@code='" + code + "']", kUnknownCode, {code});
        }
      } else if (name == "tag") {
        const std::string code = Attr(e, "code");
        if (code.rfind("diaspora-", 0) == 0 && IsTerm(Countries(), code.substr(9))) {
          c.add_diaspora_countries(code.substr(9));
        } else if (code.rfind("target-", 0) == 0 && IsTerm(TargetGroups(), code.substr(7))) {
          c.add_target_groups(code.substr(7));
        } else {
          Issue("tag[@code='" + code + "']", kUnknownCode, {code});
        }
      } else if (name == "budget") {
        Budget(e, c);
      } else if (name == "document-link") {
        auto* d = c.add_documents();
        d->set_url(Attr(e, "url"));
        const xmlNode* title = Child(e, "title");
        const xmlNode* narrative = title != nullptr ? Child(title, "narrative") : nullptr;
        d->set_title(narrative != nullptr ? Text(narrative) : Attr(e, "url"));
        if (const xmlNode* cat = Child(e, "category")) d->set_category(Attr(cat, "code"));
        if (const xmlNode* lang = Child(e, "language")) d->set_language(Attr(lang, "code"));
      } else {
        Issue(name, kNotMapped);
      }
    }
    return out;
  }

 private:
  void Issue(const std::string& element, const core::Text& text,
             const std::vector<std::string>& args = {}) {
    issues_.push_back({id_, element, core::Render(text, args)});
  }

  void Texts(const xmlNode* e, v1::LocalizedText* out, const std::string& element) {
    for (const xmlNode* n : Children(e, "narrative")) {
      const std::string lang = Lang(n, default_lang_);
      const std::string text = Text(n);
      if (lang == "fr") {
        out->set_fr(text);
      } else if (lang == "ar") {
        out->set_ar(text);
      } else if (lang == "en") {
        out->set_en(text);
      } else {
        Issue(absl::StrCat(element, "/narrative[@xml:lang='", lang, "']"), kLanguage, {lang});
      }
    }
  }

  void Location(const xmlNode* e, v1::Project& c) {
    const std::string ref = Attr(e, "ref");
    if (IsTerm(Regions(), ref)) {
      c.add_region_codes(ref);
      return;
    }
    if (!RegionOfProvince(ref).empty()) {
      c.add_province_codes(ref);
      return;
    }
    const xmlNode* point = Child(e, "point");
    const xmlNode* pos = point != nullptr ? Child(point, "pos") : nullptr;
    if (pos == nullptr) {
      Issue("location[@ref='" + ref + "']", kUnknownCode, {ref});
      return;
    }
    double lat = 0, lng = 0;
    const std::string text = Text(pos);
    const size_t space = text.find(' ');
    if (space == std::string::npos || !absl::SimpleAtod(text.substr(0, space), &lat) ||
        !absl::SimpleAtod(text.substr(space + 1), &lng)) {
      Issue("location/point/pos", kBadValue, {text.substr(0, 60)});
      return;
    }
    auto* place = c.add_places();
    const xmlNode* name = Child(e, "name");
    const xmlNode* narrative = name != nullptr ? Child(name, "narrative") : nullptr;
    place->set_name(narrative != nullptr ? Text(narrative) : ref);
    place->mutable_point()->set_latitude(lat);
    place->mutable_point()->set_longitude(lng);
  }

  void Budget(const xmlNode* e, v1::Project& c) {
    const xmlNode* start = Child(e, "period-start");
    const xmlNode* value = Child(e, "value");
    google::type::Date d;
    double amount = 0;
    if (start == nullptr || value == nullptr || !ParseDate(Attr(start, "iso-date"), &d) ||
        !absl::SimpleAtod(Text(value), &amount)) {
      Issue("budget", kBadValue, {value != nullptr ? Text(value).substr(0, 40) : ""});
      return;
    }
    std::string currency = Attr(value, "currency");
    if (currency.empty()) currency = c.currency();
    if (c.currency().empty() && (currency == "MAD" || currency == "EUR" || currency == "USD")) {
      c.set_currency(currency);
    }
    if (currency != c.currency()) {
      Issue("budget/value/@currency", kCurrency, {currency, c.currency()});
      return;
    }
    auto* line = c.add_budget();
    line->set_year(d.year());
    line->set_amount(amount);
  }

  const xmlNode* a_;
  std::vector<ImportIssue>& issues_;
  std::string id_;
  std::string default_lang_;
};

}  // namespace

absl::StatusOr<ImportedFile> ParseIatiActivities(std::string_view xml) {
  // IATI activity files never need a DTD, and a DOCTYPE is how entities get
  // in: one internal entity referenced a thousand times turns kilobytes into
  // megabytes when its text is read. The parser stops at the first DOCTYPE
  // (before any entity is declared); nothing is fetched from the network.
  if (xml.size() > kMaxIatiBytes) {
    return core::InvalidFields({core::Violation(
        "iati_xml", kNotIati, {absl::StrCat("larger than ", kMaxIatiBytes, " bytes")})});
  }
  std::unique_ptr<xmlParserCtxt, XmlCtxtFree> ctxt(xmlNewParserCtxt());
  if (ctxt == nullptr) return absl::ResourceExhaustedError("cannot allocate an XML parser");
  // (The flag is thread-local: the context's user data is the context itself.)
  static thread_local bool doctype;
  doctype = false;
  ctxt->sax->internalSubset = [](void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    doctype = true;
    xmlStopParser(static_cast<xmlParserCtxt*>(ctx));
  };
  std::unique_ptr<xmlDoc, XmlDocFree> doc(
      xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), "import.xml", nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doctype) {
    return core::InvalidFields({core::Violation("iati_xml", kDoctype)});
  }
  const xmlNode* root = doc && ctxt->wellFormed ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    const xmlError* e = xmlCtxtGetLastError(ctxt.get());
    std::string why = e != nullptr && e->message != nullptr
                          ? absl::StrCat("line ", e->line, ": ", e->message)
                          : "not well-formed XML";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return core::InvalidFields({core::Violation("iati_xml", kNotIati, {why})});
  }
  if (Name(root) != "iati-activities") {
    return core::InvalidFields(
        {core::Violation("iati_xml", kNotIati, {"the root element is <" + Name(root) + ">"})});
  }
  std::vector<const xmlNode*> activities = Children(root, "iati-activity");
  if (activities.size() > kMaxIatiActivities) {
    return core::InvalidFields(
        {core::Violation("iati_xml", kTooManyActivities,
                         {std::to_string(kMaxIatiActivities), std::to_string(activities.size())})});
  }
  ImportedFile out;
  for (const xmlNode* a : activities) {
    out.activities.push_back(ActivityReader(a, out.issues).Read());
  }
  return out;
}

}  // namespace atlas::registry
