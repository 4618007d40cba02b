// Stakeholder consultations: validation and ranking.
#include "registry/domain/consultation.h"

#include <algorithm>
#include <regex>
#include <set>

#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "registry/domain/project.h"

namespace atlas::registry {

absl::Status ValidateConsultation(const v1::Consultation& c, int64_t now_s) {
  std::vector<core::FieldViolation> out;
  if (c.title().empty())
    out.push_back(core::Violation("consultation.title", core::texts::kRequired));
  if (c.title().size() > kMaxTitleChars) {
    out.push_back(
        core::Violation("consultation.title", core::texts::kTooLong,
                        {std::to_string(kMaxTitleChars), std::to_string(c.title().size())}));
  }
  auto count = [&](const std::string& field, int n, int max) {
    if (n < 1 || n > max) {
      out.push_back(core::Violation(field, core::texts::kBetween, {"1", std::to_string(max)}));
    }
  };
  count("consultation.criteria", c.criteria_size(), 6);
  count("consultation.practices", c.practices_size(), 30);
  count("consultation.invited", c.invited_size(), 200);
  std::set<int> criteria;
  for (int i = 0; i < c.criteria_size(); ++i) {
    const int v = c.criteria(i);
    if (v < v1::RELEVANCE || v > v1::SUSTAINABILITY) {
      out.push_back(core::Violation(
          "consultation.criteria[" + std::to_string(i) + "]", core::texts::kOneOf,
          {"RELEVANCE, COHERENCE, EFFECTIVENESS, EFFICIENCY, IMPACT, SUSTAINABILITY"}));
    } else if (!criteria.insert(v).second) {
      out.push_back(core::Violation("consultation.criteria[" + std::to_string(i) + "]",
                                    core::texts::kDuplicate, {v1::DacCriterion_Name(v)}));
    }
  }
  std::set<std::string> seen;
  for (int i = 0; i < c.practices_size(); ++i) {
    const std::string field = "consultation.practices[" + std::to_string(i) + "]";
    auto id = core::IdOf(c.practices(i), "projects/");
    if (!id || !core::IsCanonicalUuid(*id)) {
      out.push_back(core::Violation(field, core::texts::kOneOf, {"projects/{uuid}"}));
    } else if (!seen.insert(*id).second) {
      out.push_back(core::Violation(field, core::texts::kDuplicate, {c.practices(i)}));
    }
  }
  // People, by user name (a ballot is a person's).
  static const std::regex kHandle("[a-z0-9][a-z0-9._-]{0,63}");
  for (int i = 0; i < c.invited_size(); ++i) {
    if (!std::regex_match(c.invited(i), kHandle)) {
      out.push_back(core::Violation("consultation.invited[" + std::to_string(i) + "]",
                                    core::texts::kOneOf, {"a user name (lower case)"}));
    }
  }
  if (c.close_time().seconds() <= now_s) {
    out.push_back(core::Violation("consultation.close_time", kInFuture));
  }
  return out.empty() ? absl::OkStatus() : core::InvalidFields(out);
}

absl::Status ValidateBallot(const v1::Consultation& c,
                            const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores) {
  std::vector<core::FieldViolation> out;
  const std::set<std::string> practices(c.practices().begin(), c.practices().end());
  const std::set<int> criteria(c.criteria().begin(), c.criteria().end());
  std::set<std::pair<std::string, int>> seen;
  for (int i = 0; i < scores.size(); ++i) {
    const auto& s = scores[i];
    const std::string field = "scores[" + std::to_string(i) + "]";
    if (practices.count(s.practice()) == 0 || criteria.count(s.criterion()) == 0) {
      out.push_back(core::Violation(field, kNotInConsultation));
    } else if (!seen.insert({s.practice(), s.criterion()}).second) {
      out.push_back(core::Violation(field, core::texts::kDuplicate,
                                    {s.practice() + " " + v1::DacCriterion_Name(s.criterion())}));
    }
    if (s.score() < 1 || s.score() > 4) {
      out.push_back(core::Violation(field + ".score", core::texts::kBetween, {"1", "4"}));
    }
  }
  const size_t expected = practices.size() * criteria.size();
  if (out.empty() && seen.size() != expected) {
    out.push_back(core::Violation("scores", kBallotIncomplete,
                                  {std::to_string(expected), std::to_string(scores.size())}));
  }
  return out.empty() ? absl::OkStatus() : core::InvalidFields(out);
}

void RankPractices(v1::Consultation* c, const std::vector<std::vector<v1::BallotScore>>& ballots,
                   const std::map<std::string, std::string>& titles) {
  c->set_ballots(static_cast<int>(ballots.size()));
  c->clear_ranking();
  for (const std::string& practice : c->practices()) {
    auto* rank = c->add_ranking();
    rank->set_practice(practice);
    if (auto it = titles.find(practice); it != titles.end()) rank->set_title(it->second);
    double total = 0;
    int n = 0;
    for (int criterion : c->criteria()) {
      double sum = 0;
      int k = 0;
      for (const auto& ballot : ballots) {
        for (const auto& s : ballot) {
          if (s.practice() == practice && s.criterion() == criterion) {
            sum += s.score();
            ++k;
          }
        }
      }
      auto* avg = rank->add_criteria();
      avg->set_criterion(static_cast<v1::DacCriterion>(criterion));
      avg->set_average(k ? sum / k : 0);
      total += sum;
      n += k;
    }
    rank->set_average(n ? total / n : 0);
  }
  std::stable_sort(c->mutable_ranking()->begin(), c->mutable_ranking()->end(),
                   [](const auto& a, const auto& b) { return a.average() > b.average(); });
}

}  // namespace atlas::registry
