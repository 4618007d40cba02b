// Vocabularies: hand-kept taxonomies (themes, mechanisms, target groups,
// regions) and generated ISO lists (reference_codes.inc).
#include "registry/domain/vocabulary.h"

#include <algorithm>
#include <mutex>

#include "absl/strings/str_join.h"

namespace atlas::registry {
namespace {

struct CountryRow {
  const char* code;
  const char* en;
  const char* fr;
  const char* ar;
};
struct ProvinceRow {
  const char* code;
  const char* name;  // French (iso-codes), also used in English
  const char* ar;
  const char* region;
};

#include "registry/domain/reference_codes.inc"

}  // namespace

const std::vector<Term>& DefaultThemes() {
  static const auto* t = new std::vector<Term>{
      {"investment", "Investissement", "الاستثمار", "Investment", "#1f78b4"},
      {"skills", "Mobilisation des compétences et de l'expertise", "تعبئة الكفاءات والخبرات",
       "Skills and expertise mobilisation", "#ff7f00"},
      {"entrepreneurship", "Entrepreneuriat", "ريادة الأعمال", "Entrepreneurship", "#33a02c"},
      {"return_reintegration", "Retour et réinsertion", "العودة وإعادة الإدماج",
       "Return and reintegration", "#b15928"},
      {"culture_education", "Culture, identité et éducation", "الثقافة والهوية والتعليم",
       "Culture, identity and education", "#6a3d9a"},
      {"social_protection", "Protection sociale", "الحماية الاجتماعية", "Social protection",
       "#a6cee3"},
      {"consular_services", "Services consulaires et administratifs", "الخدمات القنصلية والإدارية",
       "Consular and administrative services", "#b2df8a"},
      {"women_youth", "Femmes et jeunes", "النساء والشباب", "Women and youth", "#fb9a99"},
      {"research_data", "Recherche et données", "البحث والمعطيات", "Research and data", "#cab2d6"},
      {"remittances", "Transferts de fonds", "التحويلات المالية", "Remittances", "#e31a1c"},
      {"local_development", "Développement local et territorial", "التنمية المحلية والترابية",
       "Local and territorial development", "#fdbf6f"},
      {"rights_integration", "Droits et intégration dans les pays d'accueil",
       "الحقوق والاندماج في بلدان الاستقبال", "Rights and integration in host countries",
       "#8dd3c7"},
  };
  return *t;
}

namespace {

struct ThemeCopy {
  std::mutex mu;
  std::shared_ptr<const std::vector<Term>> current =
      std::make_shared<const std::vector<Term>>(DefaultThemes());
};

ThemeCopy& TheThemes() {
  static auto* copy = new ThemeCopy();
  return *copy;
}

}  // namespace

std::shared_ptr<const std::vector<Term>> Themes() {
  ThemeCopy& t = TheThemes();
  std::lock_guard lock(t.mu);
  return t.current;
}

void SetThemes(std::vector<Term> themes) {
  auto next = std::make_shared<const std::vector<Term>>(std::move(themes));
  ThemeCopy& t = TheThemes();
  std::lock_guard lock(t.mu);
  t.current = std::move(next);
}

const std::vector<Term>& Mechanisms() {
  static const auto* t = new std::vector<Term>{
      {"diaspora_investment", "Investissement productif de la diaspora", "الاستثمار المنتج للجالية",
       "Diaspora productive investment"},
      {"skills_transfer", "Transfert de compétences (missions d'experts)",
       "نقل الكفاءات (مهام الخبراء)", "Skills transfer (expert missions)"},
      {"co_development", "Codéveloppement avec les associations de migrants",
       "التنمية المشتركة مع جمعيات المهاجرين", "Co-development with migrant associations"},
      {"remittance_channelling", "Mobilisation de l'épargne et des transferts",
       "تعبئة الادخار والتحويلات", "Savings and remittance channelling"},
      {"knowledge_network", "Réseaux de savoirs et de compétences", "شبكات المعرفة والكفاءات",
       "Knowledge and skills networks"},
      {"return_support", "Accompagnement au retour", "مواكبة العودة", "Return support"},
      {"territorial_partnership", "Partenariat territorial (coopération décentralisée)",
       "الشراكة الترابية (التعاون اللامركزي)",
       "Territorial partnership (decentralised cooperation)"},
      {"institutional_support", "Appui institutionnel et services publics",
       "الدعم المؤسساتي والخدمات العمومية", "Institutional support and public services"},
      {"cultural_programme", "Programmes culturels et éducatifs", "برامج ثقافية وتربوية",
       "Cultural and educational programmes"},
  };
  return *t;
}

const std::vector<Term>& TargetGroups() {
  static const auto* t = new std::vector<Term>{
      {"youth", "Jeunes", "الشباب", "Youth"},
      {"women", "Femmes", "النساء", "Women"},
      {"returnees", "Migrants de retour", "المهاجرون العائدون", "Returnees"},
      {"entrepreneurs", "Entrepreneurs", "المقاولون", "Entrepreneurs"},
      {"skilled_diaspora", "Compétences de la diaspora", "كفاءات الجالية", "Skilled diaspora"},
      {"students", "Étudiants", "الطلبة", "Students"},
      {"children", "Enfants et jeunes de la diaspora", "أطفال وشباب الجالية", "Diaspora children"},
      {"elderly", "Migrants âgés et retraités", "المهاجرون المسنون والمتقاعدون",
       "Elderly migrants and pensioners"},
      {"associations", "Associations de migrants", "جمعيات المهاجرين", "Migrant associations"},
      {"local_authorities", "Collectivités territoriales", "الجماعات الترابية",
       "Local authorities"},
      {"families", "Familles de migrants", "أسر المهاجرين", "Migrants' families"},
  };
  return *t;
}

const std::vector<Term>& MaisonServices() {
  static const auto* t = new std::vector<Term>{
      {"reception_orientation", "Accueil et orientation", "الاستقبال والتوجيه",
       "Reception and guidance"},
      {"administrative_support", "Accompagnement administratif", "المواكبة الإدارية",
       "Administrative support"},
      {"legal_assistance", "Assistance juridique", "المساعدة القانونية", "Legal assistance"},
      {"investment_support", "Accompagnement des investisseurs", "مواكبة المستثمرين",
       "Investment support"},
      {"social_assistance", "Assistance sociale", "المساعدة الاجتماعية", "Social assistance"},
      {"return_reintegration", "Réintégration des migrants de retour",
       "إعادة إدماج المهاجرين العائدين", "Reintegration of returning migrants"},
      {"foreign_migrants", "Intégration des migrants étrangers", "إدماج المهاجرين الأجانب",
       "Integration of foreign migrants"},
      {"youth_culture", "Jeunes MRE, culture et langues",
       "الشباب المغاربة المقيمون بالخارج والثقافة واللغات", "Young MRE, culture and languages"},
      {"complaints_mediation", "Réclamations et médiation", "الشكايات والوساطة",
       "Complaints and mediation"},
  };
  return *t;
}

const std::vector<Term>& Regions() {
  static const auto* t = new std::vector<Term>{
      {"MA-01", "Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة", "Tanger-Tetouan-Al Hoceima"},
      {"MA-02", "L'Oriental", "الشرق", "Oriental"},
      {"MA-03", "Fès-Meknès", "فاس مكناس", "Fez-Meknes"},
      {"MA-04", "Rabat-Salé-Kénitra", "الرباط سلا القنيطرة", "Rabat-Sale-Kenitra"},
      {"MA-05", "Béni Mellal-Khénifra", "بني ملال خنيفرة", "Beni Mellal-Khenifra"},
      {"MA-06", "Casablanca-Settat", "الدار البيضاء سطات", "Casablanca-Settat"},
      {"MA-07", "Marrakech-Safi", "مراكش آسفي", "Marrakesh-Safi"},
      {"MA-08", "Drâa-Tafilalet", "درعة تافيلالت", "Draa-Tafilalet"},
      {"MA-09", "Souss-Massa", "سوس ماسة", "Souss-Massa"},
      {"MA-10", "Guelmim-Oued Noun", "كلميم واد نون", "Guelmim-Oued Noun"},
      {"MA-11", "Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء", "Laayoune-Sakia El Hamra"},
      {"MA-12", "Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب", "Dakhla-Oued Ed-Dahab"},
  };
  return *t;
}

const std::vector<Term>& Countries() {
  static const auto* t = [] {
    auto* v = new std::vector<Term>;
    for (const CountryRow& c : kCountries) v->push_back({c.code, c.fr, c.ar, c.en});
    return v;
  }();
  return *t;
}

std::vector<VocabularySet> AllVocabularies() {
  static const auto* fixed = [] {
    auto* v = new std::vector<VocabularySet>{{"mechanisms", Mechanisms()},
                                             {"target_groups", TargetGroups()},
                                             {"regions", Regions()},
                                             {"diaspora_countries", Countries()},
                                             {"maison_services", MaisonServices()}};
    VocabularySet provinces{"provinces", {}};
    for (const ProvinceRow& p : kProvinces) {
      // French as iso-codes has it (also for English); Arabic from morocco-map.
      provinces.terms.push_back({p.code, p.name, p.ar, p.name});
    }
    v->push_back(std::move(provinces));
    return v;
  }();
  std::vector<VocabularySet> all{{"themes", *Themes()}};
  all.insert(all.end(), fixed->begin(), fixed->end());
  return all;
}

bool IsTerm(const std::vector<Term>& terms, std::string_view code) {
  return FindTerm(terms, code) != nullptr;
}

const Term* FindTerm(const std::vector<Term>& terms, std::string_view code) {
  auto it = std::find_if(terms.begin(), terms.end(), [&](const Term& t) { return t.code == code; });
  return it == terms.end() ? nullptr : &*it;
}

std::string RegionOfProvince(std::string_view code) {
  for (const ProvinceRow& p : kProvinces) {
    if (code == p.code) return p.region;
  }
  return "";
}

std::string Codes(const std::vector<Term>& terms) {
  return absl::StrJoin(terms, ", ", [](std::string* out, const Term& t) { out->append(t.code); });
}

}  // namespace atlas::registry
