// A budget programme (LOF 130-13).
#ifndef ATLAS_INDICATORS_DOMAIN_PROGRAMME_H_
#define ATLAS_INDICATORS_DOMAIN_PROGRAMME_H_

#include <cstdint>
#include <string>
#include <vector>

#include "atlas/core/i18n.h"
#include "atlas/core/paging.h"

namespace atlas::indicators {

struct Programme {
  std::string id = {};
  std::string code = {};
  std::string title_fr = {}, title_ar = {}, title_en = {};
  bool demo = false;
};

using ProgrammePage = core::Page<Programme>;

inline constexpr core::Text kNoProgramme = {"there is no programme {0}",
                                            "il n'y a pas de programme {0}", "لا يوجد برنامج {0}"};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PROGRAMME_H_
