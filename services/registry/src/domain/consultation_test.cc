// Consultations: what a consultation and a ballot must be; the ranking.
#include "registry/domain/consultation.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

constexpr char kA[] = "projects/00000000-0000-4000-8000-00000000000a";
constexpr char kB[] = "projects/00000000-0000-4000-8000-00000000000b";

v1::Consultation Valid() {
  v1::Consultation c;
  c.set_title("Consultation régionale 2027");
  c.add_criteria(v1::RELEVANCE);
  c.add_criteria(v1::SUSTAINABILITY);
  c.add_practices(kA);
  c.add_practices(kB);
  c.add_invited("amina");
  c.mutable_close_time()->set_seconds(2000);
  return c;
}

constexpr auto Fields = core::ViolatedFields;

v1::BallotScore Score(const std::string& p, v1::DacCriterion c, int s) {
  v1::BallotScore b;
  b.set_practice(p);
  b.set_criterion(c);
  b.set_score(s);
  return b;
}

TEST(ConsultationTest, AValidConsultationPasses) {
  EXPECT_TRUE(ValidateConsultation(Valid(), 1000).ok());
}

TEST(ConsultationTest, EveryBadFieldIsNamed) {
  v1::Consultation c = Valid();
  c.clear_title();
  c.add_criteria(v1::RELEVANCE);  // twice
  c.add_practices("projects/not-a-uuid");
  c.add_invited("organisations/ministry");  // people only
  EXPECT_EQ(Fields(ValidateConsultation(c, 3000)),
            (std::vector<std::string>{"consultation.title", "consultation.criteria[2]",
                                      "consultation.practices[2]", "consultation.invited[1]",
                                      "consultation.close_time"}));
}

TEST(ConsultationTest, ABallotScoresEveryPracticeOnEveryCriterionOnce) {
  const v1::Consultation c = Valid();
  google::protobuf::RepeatedPtrField<v1::BallotScore> ballot;
  *ballot.Add() = Score(kA, v1::RELEVANCE, 4);
  *ballot.Add() = Score(kA, v1::SUSTAINABILITY, 3);
  *ballot.Add() = Score(kB, v1::RELEVANCE, 2);
  EXPECT_EQ(Fields(ValidateBallot(c, ballot)), std::vector<std::string>{"scores"});  // incomplete
  *ballot.Add() = Score(kB, v1::SUSTAINABILITY, 1);
  EXPECT_TRUE(ValidateBallot(c, ballot).ok());
  ballot[0].set_score(5);
  *ballot.Add() = Score(kB, v1::IMPACT, 3);  // not an agreed criterion
  EXPECT_EQ(Fields(ValidateBallot(c, ballot)),
            (std::vector<std::string>{"scores[0].score", "scores[4]"}));
}

TEST(ConsultationTest, TheRankingIsTheMeanOfTheBallotsHighestFirst) {
  v1::Consultation c = Valid();
  std::vector<std::vector<v1::BallotScore>> ballots = {
      {Score(kA, v1::RELEVANCE, 2), Score(kA, v1::SUSTAINABILITY, 2), Score(kB, v1::RELEVANCE, 4),
       Score(kB, v1::SUSTAINABILITY, 3)},
      {Score(kA, v1::RELEVANCE, 3), Score(kA, v1::SUSTAINABILITY, 1), Score(kB, v1::RELEVANCE, 4),
       Score(kB, v1::SUSTAINABILITY, 4)}};
  RankPractices(&c, ballots, {{kB, "Practice B"}});
  EXPECT_EQ(c.ballots(), 2);
  ASSERT_EQ(c.ranking_size(), 2);
  EXPECT_EQ(c.ranking(0).practice(), kB);
  EXPECT_EQ(c.ranking(0).title(), "Practice B");
  EXPECT_DOUBLE_EQ(c.ranking(0).average(), 3.75);
  EXPECT_DOUBLE_EQ(c.ranking(0).criteria(1).average(), 3.5);
  EXPECT_DOUBLE_EQ(c.ranking(1).average(), 2.0);
}

}  // namespace
}  // namespace atlas::registry
