#include "stats/domain/sdmx.h"

#include <set>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/json.h"
#include "atlas/core/text_formats.h"

namespace atlas::stats::sdmx {
namespace {

constexpr char kMessageNs[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message";
constexpr char kStructureNs[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
constexpr char kCommonNs[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";
constexpr char kGenericNs[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic";
constexpr char kConceptScheme[] = "CS_MRE";

std::string Esc(std::string_view s) { return core::XmlEscape(s); }

void Names(std::string& out, const core::Localized& name) {
  for (const auto& [lang, text] : {std::pair{"en", &name.en}, {"fr", &name.fr}, {"ar", &name.ar}}) {
    if (!text->empty())
      absl::StrAppend(&out, "<common:Name xml:lang=\"", lang, "\">", Esc(*text), "</common:Name>");
  }
}

struct Concept {
  const char* id;
  core::Localized name;
};

const std::vector<Concept>& Concepts() {
  static const std::vector<Concept> kConcepts = {
      {"REF_AREA", {"Reference area", "Zone de référence", "المنطقة المرجعية"}},
      {"SEX", {"Sex", "Sexe", "الجنس"}},
      {"TIME_PERIOD", {"Time period", "Période", "الفترة الزمنية"}},
      {"OBS_VALUE", {"Observation value", "Valeur de l'observation", "قيمة المشاهدة"}},
      {"OBS_STATUS", {"Observation status", "Statut de l'observation", "حالة المشاهدة"}},
      {"OBS_CONF", {"Disclosure control", "Contrôle de la divulgation", "مراقبة الإفصاح"}},
      {"COMMENT_OBS", {"Observation comment", "Commentaire", "تعليق على المشاهدة"}},
  };
  return kConcepts;
}

std::string Ref(const std::string& id, const std::string& agency, const std::string& pkg,
                const std::string& cls, const std::string& parent = "") {
  std::string r = absl::StrCat("<Ref id=\"", Esc(id), "\" agencyID=\"", Esc(agency), "\"");
  if (!parent.empty()) {
    absl::StrAppend(&r, " maintainableParentID=\"", parent, "\" maintainableParentVersion=\"1.0\"");
  } else {
    absl::StrAppend(&r, " version=\"1.0\"");
  }
  absl::StrAppend(&r, " package=\"", pkg, "\" class=\"", cls, "\"/>");
  return r;
}

std::string ConceptRef(const std::string& id) {
  return absl::StrCat("<structure:ConceptIdentity>",
                      Ref(id, kAgency, "conceptscheme", "Concept", kConceptScheme),
                      "</structure:ConceptIdentity>");
}

std::string Header(const std::string& kind, const std::string& prepared) {
  return absl::StrCat("<message:Header><message:ID>", kind,
                      "</message:ID><message:Test>false</message:Test>", "<message:Prepared>",
                      prepared, "</message:Prepared><message:Sender id=\"", kAgency, "\"/>");
}

std::string Flow(const Dataset& d) { return absl::StrCat(kAgency, ":", d.id, "(1.0)"); }

char Conf(const QueryCell& c, bool exact) {
  if (exact) return 'F';
  return c.small ? 'S' : 'R';
}

}  // namespace

const std::vector<Codelist>& AttributeCodelists() {
  static const std::vector<Codelist> kLists = {
      {.id = "CL_OBS_STATUS",
       .agency = "SDMX",
       .version = "1.0",
       .name = {"Observation status", "Statut de l'observation", "حالة المشاهدة"},
       .codes = {{"A", {"Normal value", "Valeur normale", "قيمة عادية"}},
                 {"E", {"Estimated value", "Valeur estimée", "قيمة تقديرية"}},
                 {"P", {"Provisional value", "Valeur provisoire", "قيمة مؤقتة"}},
                 {"M", {"Missing value", "Valeur manquante", "قيمة مفقودة"}}}},
      {.id = "CL_OBS_CONF",
       .agency = kAgency,
       .version = "1.0",
       .name = {"Disclosure control", "Contrôle de la divulgation", "مراقبة الإفصاح"},
       .codes = {{"F",
                  {"Exact (not published)", "Exacte (non publiée)", "قيمة دقيقة (غير منشورة)"}},
                 {"R",
                  {"Randomly rounded to a multiple of 5",
                   "Arrondie aléatoirement à un multiple de 5", "مقربة عشوائيًا إلى مضاعف للعدد 5"}},
                 {"S",
                  {"Small: rounded, true value below 10",
                   "Petite : arrondie, valeur vraie inférieure à 10",
                   "صغيرة: مقربة، القيمة الحقيقية أقل من 10"}}}},
  };
  return kLists;
}

std::vector<Codelist> CodelistsOf(const std::vector<Dataset>& datasets,
                                  const std::vector<Codelist>& all) {
  std::set<std::string> wanted;
  for (const Dataset& d : datasets) {
    for (const Dimension& dim : d.dimensions) {
      if (!dim.codelist.empty()) wanted.insert(dim.codelist);
    }
  }
  std::vector<Codelist> out;
  for (const Codelist& l : all) {
    if (wanted.contains(l.id)) out.push_back(l);
  }
  for (const Codelist& l : AttributeCodelists()) out.push_back(l);
  return out;
}

std::string StructureMessage(Artefacts what, const std::vector<Dataset>& datasets,
                             const std::vector<Codelist>& codelists, std::string_view prepared) {
  std::string out = absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:Structure xmlns:message=\"", kMessageNs,
      "\" xmlns:structure=\"", kStructureNs, "\" xmlns:common=\"", kCommonNs, "\">",
      Header("STRUCTURE", std::string(prepared)), "</message:Header><message:Structures>");
  if (what == Artefacts::kDataflows) {
    out += "<structure:Dataflows>";
    for (const Dataset& d : datasets) {
      absl::StrAppend(&out, "<structure:Dataflow id=\"", Esc(d.id), "\" agencyID=\"", kAgency,
                      "\" version=\"1.0\" isFinal=\"true\">");
      Names(out, d.title);
      absl::StrAppend(&out, "<structure:Structure>",
                      Ref("DSD_" + d.id, kAgency, "datastructure", "DataStructure"),
                      "</structure:Structure></structure:Dataflow>");
    }
    out += "</structure:Dataflows>";
  }
  if (what != Artefacts::kDataflows && !codelists.empty()) {
    out += "<structure:Codelists>";
    for (const Codelist& l : codelists) {
      absl::StrAppend(&out, "<structure:Codelist id=\"", Esc(l.id), "\" agencyID=\"", Esc(l.agency),
                      "\" version=\"", Esc(l.version), "\" isFinal=\"true\">");
      Names(out, l.name);
      for (const Code& c : l.codes) {
        absl::StrAppend(&out, "<structure:Code id=\"", Esc(c.id), "\">");
        Names(out, c.name);
        out += "</structure:Code>";
      }
      out += "</structure:Codelist>";
    }
    out += "</structure:Codelists>";
  }
  if (what == Artefacts::kDataStructures) {
    absl::StrAppend(&out, "<structure:Concepts><structure:ConceptScheme id=\"", kConceptScheme,
                    "\" agencyID=\"", kAgency, "\" version=\"1.0\" isFinal=\"true\">");
    Names(out, {"Concepts of the Sharaka Atlas statistics",
                "Concepts des statistiques de Sharaka Atlas", "مفاهيم إحصاءات أطلس شراكة"});
    for (const Concept& c : Concepts()) {
      absl::StrAppend(&out, "<structure:Concept id=\"", c.id, "\">");
      Names(out, c.name);
      out += "</structure:Concept>";
    }
    out += "</structure:ConceptScheme></structure:Concepts><structure:DataStructures>";
    for (const Dataset& d : datasets) {
      absl::StrAppend(&out, "<structure:DataStructure id=\"DSD_", Esc(d.id), "\" agencyID=\"",
                      kAgency, "\" version=\"1.0\" isFinal=\"true\">");
      Names(out, d.title);
      out +=
          "<structure:DataStructureComponents><structure:DimensionList id=\"DimensionDescriptor\">";
      int position = 1;
      for (const Dimension& dim : d.dimensions) {
        if (dim.id == kTimeDimension) {
          absl::StrAppend(&out, "<structure:TimeDimension id=\"TIME_PERIOD\" position=\"",
                          position++, "\">", ConceptRef(dim.id),
                          "<structure:LocalRepresentation><structure:TextFormat "
                          "textType=\"ObservationalTimePeriod\"/></structure:LocalRepresentation>"
                          "</structure:TimeDimension>");
          continue;
        }
        std::string agency = kAgency;
        for (const Codelist& l : codelists) {
          if (l.id == dim.codelist) agency = l.agency;
        }
        absl::StrAppend(
            &out, "<structure:Dimension id=\"", Esc(dim.id), "\" position=\"", position++, "\">",
            ConceptRef(dim.id), "<structure:LocalRepresentation><structure:Enumeration>",
            Ref(dim.codelist, agency, "codelist", "Codelist"),
            "</structure:Enumeration></structure:LocalRepresentation></structure:Dimension>");
      }
      out += "</structure:DimensionList><structure:AttributeList id=\"AttributeDescriptor\">";
      for (const auto& [id, list, agency, status] :
           {std::tuple{"OBS_STATUS", "CL_OBS_STATUS", "SDMX", "Mandatory"},
            std::tuple{"OBS_CONF", "CL_OBS_CONF", kAgency, "Mandatory"},
            std::tuple{"COMMENT_OBS", "", "", "Conditional"}}) {
        absl::StrAppend(&out, "<structure:Attribute id=\"", id, "\" assignmentStatus=\"", status,
                        "\">", ConceptRef(id));
        if (*list != '\0') {
          absl::StrAppend(&out, "<structure:LocalRepresentation><structure:Enumeration>",
                          Ref(list, agency, "codelist", "Codelist"),
                          "</structure:Enumeration></structure:LocalRepresentation>");
        }
        out +=
            "<structure:AttributeRelationship><structure:PrimaryMeasure><Ref id=\"OBS_VALUE\"/>"
            "</structure:PrimaryMeasure></structure:AttributeRelationship></structure:Attribute>";
      }
      absl::StrAppend(&out,
                      "</structure:AttributeList><structure:MeasureList id=\"MeasureDescriptor\">",
                      "<structure:PrimaryMeasure id=\"OBS_VALUE\">", ConceptRef("OBS_VALUE"),
                      "</structure:PrimaryMeasure></structure:MeasureList>",
                      "</structure:DataStructureComponents></structure:DataStructure>");
    }
    out += "</structure:DataStructures>";
  }
  out += "</message:Structures></message:Structure>\n";
  return out;
}

std::string GenericData(const DataMessage& m) {
  const Dataset& d = m.dataset;
  std::string out = absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:GenericData xmlns:message=\"",
      kMessageNs, "\" xmlns:generic=\"", kGenericNs, "\" xmlns:common=\"", kCommonNs, "\">",
      Header("DATA", std::string(m.prepared)), "<message:Structure structureID=\"DSD_", Esc(d.id),
      "\" dimensionAtObservation=\"TIME_PERIOD\"><common:Structure>",
      Ref("DSD_" + d.id, kAgency, "datastructure", "DataStructure"),
      "</common:Structure></message:Structure></message:Header>");
  absl::StrAppend(&out, "<message:DataSet structureRef=\"DSD_", Esc(d.id), "\">");
  const size_t n = d.dimensions.size();
  std::vector<std::string> series;  // the current series' key (all but time)
  for (const SeriesObservation& o : m.observations) {
    std::vector<std::string> key(o.key.begin(), o.key.begin() + static_cast<long>(n - 1));
    if (key != series) {
      if (!series.empty()) out += "</generic:Series>";
      series = key;
      out += "<generic:Series><generic:SeriesKey>";
      for (size_t i = 0; i + 1 < n; ++i) {
        absl::StrAppend(&out, "<generic:Value id=\"", Esc(d.dimensions[i].id), "\" value=\"",
                        Esc(key[i]), "\"/>");
      }
      out += "</generic:SeriesKey>";
    }
    absl::StrAppend(&out, "<generic:Obs><generic:ObsDimension value=\"", Esc(o.key[n - 1]), "\"/>");
    if (o.cell.value) absl::StrAppend(&out, "<generic:ObsValue value=\"", *o.cell.value, "\"/>");
    absl::StrAppend(&out, "<generic:Attributes><generic:Value id=\"OBS_STATUS\" value=\"",
                    std::string(1, o.cell.status), "\"/><generic:Value id=\"OBS_CONF\" value=\"",
                    std::string(1, Conf(o.cell, m.exact)), "\"/>");
    if (!o.note.empty()) {
      absl::StrAppend(&out, "<generic:Value id=\"COMMENT_OBS\" value=\"", Esc(o.note), "\"/>");
    }
    out += "</generic:Attributes></generic:Obs>";
  }
  if (!series.empty()) out += "</generic:Series>";
  out += "</message:DataSet></message:GenericData>\n";
  return out;
}

std::string Csv(const DataMessage& m) {
  std::vector<std::string> head = {"DATAFLOW"};
  for (const Dimension& dim : m.dataset.dimensions) head.push_back(dim.id);
  for (const char* c : {"OBS_VALUE", "OBS_STATUS", "OBS_CONF", "COMMENT_OBS"}) head.emplace_back(c);
  std::string out = absl::StrJoin(head, ",") + "\r\n";
  const std::string flow = Flow(m.dataset);
  for (const SeriesObservation& o : m.observations) {
    std::vector<std::string> row = {flow};
    for (const std::string& k : o.key) row.push_back(core::CsvField(k));
    row.push_back(o.cell.value ? std::to_string(*o.cell.value) : "");
    row.emplace_back(1, o.cell.status);
    row.emplace_back(1, Conf(o.cell, m.exact));
    row.push_back(core::CsvField(o.note));
    absl::StrAppend(&out, absl::StrJoin(row, ","), "\r\n");
  }
  return out;
}

std::string Json(const DataMessage& m) {
  // SDMX-JSON 1.0 data message, dimensionAtObservation=TIME_PERIOD.
  const Dataset& d = m.dataset;
  const size_t n = d.dimensions.size();
  std::vector<std::vector<std::string>> values(n);
  std::vector<std::map<std::string, int>> index(n);
  for (const SeriesObservation& o : m.observations) {
    for (size_t i = 0; i < n; ++i) {
      if (index[i].try_emplace(o.key[i], static_cast<int>(values[i].size())).second) {
        values[i].push_back(o.key[i]);
      }
    }
  }
  nlohmann::json series = nlohmann::json::object();
  for (const SeriesObservation& o : m.observations) {
    std::vector<std::string> parts;
    for (size_t i = 0; i + 1 < n; ++i) parts.push_back(std::to_string(index[i][o.key[i]]));
    nlohmann::json obs = nlohmann::json::array();
    if (o.cell.value) {
      obs.push_back(*o.cell.value);
    } else {
      obs.push_back(nullptr);
    }
    obs.push_back(std::string(1, o.cell.status));
    obs.push_back(std::string(1, Conf(o.cell, m.exact)));
    series[absl::StrJoin(parts, ":")]["observations"][std::to_string(index[n - 1][o.key[n - 1]])] =
        obs;
  }
  auto dim_json = [&](size_t i, int keyPosition) {
    nlohmann::json vals = nlohmann::json::array();
    for (const std::string& v : values[i]) vals.push_back({{"id", v}, {"name", v}});
    nlohmann::json j = {{"id", d.dimensions[i].id}, {"name", d.dimensions[i].id}, {"values", vals}};
    if (keyPosition >= 0) j["keyPosition"] = keyPosition;
    return j;
  };
  nlohmann::json series_dims = nlohmann::json::array();
  for (size_t i = 0; i + 1 < n; ++i) series_dims.push_back(dim_json(i, static_cast<int>(i)));
  nlohmann::json attr = nlohmann::json::array();
  attr.push_back({{"id", "OBS_STATUS"},
                  {"name", "Observation status"},
                  {"values", {{{"id", "A"}}, {{"id", "E"}}, {{"id", "P"}}, {{"id", "M"}}}}});
  attr.push_back({{"id", "OBS_CONF"},
                  {"name", "Disclosure control"},
                  {"values", {{{"id", "F"}}, {{"id", "R"}}, {{"id", "S"}}}}});
  // Attribute values are indices into their value lists.
  for (auto& [k, s] : series.items()) {
    for (auto& [t, o] : s["observations"].items()) {
      const std::string st = o[1].get<std::string>();
      const std::string cf = o[2].get<std::string>();
      o[1] = st == "A" ? 0 : st == "E" ? 1 : st == "P" ? 2 : 3;
      o[2] = cf == "F" ? 0 : cf == "R" ? 1 : 2;
    }
  }
  nlohmann::json doc = {
      {"header",
       {{"id", "DATA"},
        {"test", false},
        {"prepared", std::string(m.prepared)},
        {"sender", {{"id", kAgency}}}}},
      {"dataSets", {{{"action", "Information"}, {"series", series}}}},
      {"structure",
       {{"name", d.title.en},
        {"dimensions", {{"series", series_dims}, {"observation", {dim_json(n - 1, -1)}}}},
        {"attributes", {{"observation", attr}, {"series", nlohmann::json::array()}}}}}};
  return core::DumpJson(doc);
}

}  // namespace atlas::stats::sdmx
