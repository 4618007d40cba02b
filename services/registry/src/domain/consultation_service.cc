// Stakeholder consultations.
#include "registry/domain/consultation_service.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "registry/domain/consultation.h"

namespace atlas::registry {
namespace {

constexpr int kListLimit = 200;

bool Invited(const v1::Consultation& c, const std::string& name) {
  return !name.empty() &&
         std::find(c.invited().begin(), c.invited().end(), name) != c.invited().end();
}

std::optional<std::string> IdOfName(const std::string& name) {
  auto id = core::IdOf(name, "consultations/");
  if (!id || !core::IsCanonicalUuid(*id)) return std::nullopt;
  return *id;
}

absl::Status NotFound(const std::string& name) {
  return core::Error(absl::StatusCode::kNotFound, kConsultationNotFound, {name.substr(0, 80)});
}

// The store's plain NOT_FOUND, worded for the caller.
absl::Status Worded(const absl::Status& s, const std::string& name) {
  return s.code() == absl::StatusCode::kNotFound ? NotFound(name) : s;
}

}  // namespace

ConsultationService::ConsultationService(ConsultationStore& store, std::function<int64_t()> now_s)
    : store_(store), now_s_(std::move(now_s)) {
  if (!now_s_) now_s_ = [] { return static_cast<int64_t>(std::time(nullptr)); };
}

absl::Status ConsultationService::Complete(const std::string& id, const ConsultationCaller& caller,
                                           v1::Consultation& c) {
  absl::StatusOr<std::vector<Ballot>> ballots = store_.Ballots(id);
  if (!ballots.ok()) return ballots.status();
  absl::StatusOr<std::map<std::string, std::string>> titles = store_.PracticeTitles(id);
  if (!titles.ok()) return titles.status();
  std::vector<std::vector<v1::BallotScore>> scores;
  for (Ballot& b : *ballots) {
    if (b.voter == caller.name) {
      for (const auto& s : b.scores) *c.add_my_ballot() = s;
    }
    scores.push_back(std::move(b.scores));
  }
  RankPractices(&c, scores, *titles);
  c.set_can_vote(!c.closed() && Invited(c, caller.name));
  return absl::OkStatus();
}

absl::StatusOr<v1::Consultation> ConsultationService::Load(const std::string& id,
                                                           const ConsultationCaller& caller) {
  absl::StatusOr<v1::Consultation> c = store_.Find(id);
  if (!c.ok()) return Worded(c.status(), "consultations/" + id);
  if (!caller.sees_all && !Invited(*c, caller.name)) return NotFound(c->name());
  if (absl::Status s = Complete(id, caller, *c); !s.ok()) return s;
  return c;
}

absl::StatusOr<v1::Consultation> ConsultationService::Create(const v1::Consultation& in,
                                                             const ConsultationCaller& caller) {
  v1::Consultation c = in;
  for (auto& h : *c.mutable_invited()) {
    for (auto& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  if (absl::Status s = ValidateConsultation(c, now_s_()); !s.ok()) return s;
  absl::StatusOr<std::string> id =
      store_.Insert(c, caller.name, [&](const std::set<std::string>& good_practices) {
        std::vector<core::FieldViolation> bad;
        for (int i = 0; i < c.practices_size(); ++i) {
          if (good_practices.count(c.practices(i)) == 0) {
            bad.push_back(core::Violation("consultation.practices[" + std::to_string(i) + "]",
                                          kNotAGoodPractice, {c.practices(i)}));
          }
        }
        return bad.empty() ? absl::OkStatus() : core::InvalidFields(bad);
      });
  if (!id.ok()) return id.status();
  return Load(*id, caller);
}

absl::StatusOr<std::vector<v1::Consultation>> ConsultationService::List(
    const ConsultationCaller& caller) {
  absl::StatusOr<std::vector<v1::Consultation>> rows =
      store_.List(caller.sees_all, caller.name, kListLimit);
  if (!rows.ok()) return rows.status();
  for (v1::Consultation& c : *rows) {
    if (absl::Status s = Complete(*IdOfName(c.name()), caller, c); !s.ok()) return s;
  }
  return rows;
}

absl::StatusOr<v1::Consultation> ConsultationService::Get(const std::string& name,
                                                          const ConsultationCaller& caller) {
  auto id = IdOfName(name);
  if (!id) return NotFound(name);
  return Load(*id, caller);
}

absl::StatusOr<v1::Consultation> ConsultationService::Cast(
    const std::string& name, const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores,
    const ConsultationCaller& caller) {
  auto id = IdOfName(name);
  if (!id) return NotFound(name);
  Ballot ballot{.voter = caller.name, .scores = {scores.begin(), scores.end()}};
  absl::Status s = store_.CastBallot(*id, ballot, [&](const v1::Consultation& c) {
    if (!caller.sees_all && !Invited(c, caller.name)) return NotFound(c.name());
    if (!Invited(c, caller.name)) {
      return core::Error(absl::StatusCode::kPermissionDenied, kNotInvited);
    }
    if (c.closed()) return core::Error(absl::StatusCode::kFailedPrecondition, kConsultationClosed);
    return ValidateBallot(c, scores);
  });
  if (!s.ok()) return Worded(s, name);
  return Load(*id, caller);  // the ranking with this ballot
}

absl::StatusOr<v1::Consultation> ConsultationService::Close(const std::string& name,
                                                            const ConsultationCaller& caller) {
  auto id = IdOfName(name);
  if (!id) return NotFound(name);
  if (absl::Status s = store_.Close(*id); !s.ok()) return Worded(s, name);
  return Load(*id, caller);
}

}  // namespace atlas::registry
