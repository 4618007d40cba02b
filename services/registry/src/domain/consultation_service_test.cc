// ConsultationService on the in-memory store: who sees, who votes, the ranking.
#include "registry/domain/consultation_service.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "registry/domain/consultation.h"
#include "registry/domain/memory_rooms.h"

namespace atlas::registry {
namespace {

constexpr char kA[] = "projects/00000000-0000-4000-8000-00000000000a";
constexpr char kB[] = "projects/00000000-0000-4000-8000-00000000000b";
const ConsultationCaller kValidator{.name = "validator", .sees_all = true};
const ConsultationCaller kAmina{.name = "amina"};
const ConsultationCaller kKarim{.name = "karim"};

v1::Consultation Proposal() {
  v1::Consultation c;
  c.set_title("Consultation régionale 2027");
  c.add_criteria(v1::RELEVANCE);
  c.add_practices(kA);
  c.add_practices(kB);
  c.add_invited("Amina");  // handles are compared in lower case
  c.mutable_close_time()->set_seconds(2000);
  return c;
}

google::protobuf::RepeatedPtrField<v1::BallotScore> Ballot(int a, int b) {
  google::protobuf::RepeatedPtrField<v1::BallotScore> out;
  for (auto [p, s] : {std::pair{kA, a}, std::pair{kB, b}}) {
    v1::BallotScore* score = out.Add();
    score->set_practice(p);
    score->set_criterion(v1::RELEVANCE);
    score->set_score(s);
  }
  return out;
}

class ConsultationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.good_practices = {{kA, "Maison des MRE"}, {kB, "Réseau des compétences"}};
  }
  MemoryConsultationStore store_;
  ConsultationService service_{store_, [this] { return store_.now_s; }};
};

TEST_F(ConsultationServiceTest, OnlyPublishedGoodPracticesAreConsultedOn) {
  v1::Consultation c = Proposal();
  c.add_practices("projects/00000000-0000-4000-8000-00000000000c");
  absl::Status s = service_.Create(c, kValidator).status();
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(core::FieldViolations(s).size(), 1u);
  EXPECT_EQ(core::FieldViolations(s)[0].field, "consultation.practices[2]");
  EXPECT_TRUE(store_.List(true, "", 10)->empty()) << "nothing written";
}

TEST_F(ConsultationServiceTest, TheInvitedSeeAndVoteOthersSeeNothing) {
  auto c = service_.Create(Proposal(), kValidator);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->invited(0), "amina");
  EXPECT_EQ(service_.Get(c->name(), kKarim).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(service_.List(kKarim)->empty());
  ASSERT_EQ(service_.List(kAmina)->size(), 1u);
  EXPECT_TRUE(service_.Get(c->name(), kAmina)->can_vote());
  EXPECT_FALSE(service_.Get(c->name(), kValidator)->can_vote()) << "sees it, is not invited";
  EXPECT_EQ(service_.Cast(c->name(), Ballot(4, 1), kValidator).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_.Cast(c->name(), Ballot(4, 1), kKarim).status().code(),
            absl::StatusCode::kNotFound);
  auto voted = service_.Cast(c->name(), Ballot(4, 1), kAmina);
  ASSERT_TRUE(voted.ok()) << voted.status();
  EXPECT_EQ(voted->ballots(), 1);
  EXPECT_EQ(voted->my_ballot_size(), 2);
  ASSERT_EQ(voted->ranking_size(), 2);
  EXPECT_EQ(voted->ranking(0).practice(), kA);
  EXPECT_EQ(voted->ranking(0).title(), "Maison des MRE");
  // A second ballot replaces the first.
  auto again = service_.Cast(c->name(), Ballot(1, 3), kAmina);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ballots(), 1);
  EXPECT_EQ(again->ranking(0).practice(), kB);
}

TEST_F(ConsultationServiceTest, AClosedConsultationTakesNoBallot) {
  auto c = service_.Create(Proposal(), kValidator);
  ASSERT_TRUE(c.ok());
  auto closed = service_.Close(c->name(), kValidator);
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(closed->closed());
  EXPECT_EQ(service_.Cast(c->name(), Ballot(4, 1), kAmina).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(service_.Get(c->name(), kAmina)->can_vote());
}

TEST_F(ConsultationServiceTest, ABadNameIsNotFoundInTheCallersLanguage) {
  absl::Status s = service_.Get("consultations/nope", kValidator).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(core::MessageIn(s, core::Lang::kFr).find("aucune consultation"), std::string::npos);
  EXPECT_EQ(service_.Close("consultations/00000000-0000-4000-8000-000000000009", kValidator)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace atlas::registry
