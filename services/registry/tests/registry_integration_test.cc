// The registry on the real database: rows, revisions, search rows and outbox
// events commit together; search, facets and full text are PostgreSQL's.
#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "atlas/bus/outbox.h"
#include "atlas/core/etag.h"
#include "atlas/db/pool.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"
#include "registry/domain/memory_rooms.h"
#include "registry/domain/project_service.h"
#include "registry/domain/taxonomy.h"
#include "registry/domain/theme_service.h"
#include "registry/domain/vocabulary.h"
#include "registry/store/pg_project_store.h"
#include "registry/store/pg_themes.h"

const std::vector<atlas::db::Migration>& RegistryMigrations();

namespace atlas::registry {
namespace {

const Actor kOujda{.viewer = {.sees_all = false, .organisation = "assoc-oujda"},
                   .subject = "users/editor"};
const Actor kSouss{.viewer = {.sees_all = false, .organisation = "ong-souss"},
                   .subject = "users/souss"};
const Actor kAnonymous{};
const Actor kValidator{.viewer = {.sees_all = true, .organisation = "ministry"},
                       .subject = "users/validator"};

class RegistryPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string url;
    ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
    auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("registry")});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(db::Migrate(*pool_, bus::Migrations()).ok());
    ASSERT_TRUE(db::Migrate(*pool_, RegistryMigrations()).ok());
    themes_ = std::make_unique<PgThemes>(*pool_);
    ASSERT_TRUE(themes_->Start(std::chrono::milliseconds(50)).ok());
    theme_service_ = std::make_unique<ThemeService>(*themes_);
    store_ = std::make_unique<PgProjectStore>(*pool_, [this] { ++wakes_; });
    // As the registry runs: searches from the in-memory mirror.
    ASSERT_TRUE(store_->LoadMirror().ok());
    service_ = std::make_unique<ProjectService>(*store_, *store_);
  }
  int Count(const std::string& table) {
    int n = -1;
    EXPECT_TRUE(pool_
                    ->Transact([&](pqxx::work& tx) {
                      n = tx.exec1("SELECT count(*) FROM " + table)[0].as<int>();
                      return absl::OkStatus();
                    })
                    .ok());
    return n;
  }
  // Creates (and optionally publishes) a project of `who`'s organisation.
  Project Make(const std::string& fr, const std::vector<std::string>& themes,
               const std::string& region, const Actor& who, bool publish,
               const std::string& ar = "", const std::string& country = "FRA") {
    v1::Project c;
    c.mutable_title()->set_fr(fr);
    if (!ar.empty()) c.mutable_title()->set_ar(ar);
    for (const auto& t : themes) c.add_themes(t);
    c.add_region_codes(region);
    c.add_diaspora_countries(country);
    c.set_status(v1::IMPLEMENTATION);
    c.set_currency("EUR");
    auto* b = c.add_budget();
    b->set_year(2012);
    b->set_amount(100000);
    auto p = service_->Create(c, "", "", false, who);
    EXPECT_TRUE(p.ok()) << p.status();
    if (publish) {
      EXPECT_TRUE(service_->Transition(Action::kSubmitted, "projects/" + p->id, "", "", who).ok());
      auto published =
          service_->Transition(Action::kPublished, "projects/" + p->id, "", "", kValidator);
      EXPECT_TRUE(published.ok()) << published.status();
      return *published;
    }
    return *p;
  }
  std::vector<std::string> Titles(const v1::ListProjectsRequest& q, const Actor& who) {
    std::vector<std::string> out;
    auto r = service_->List(q, who);
    EXPECT_TRUE(r.ok()) << r.status();
    if (r.ok()) {
      for (const auto& p : r->projects) out.push_back(p->content.title().fr());
    }
    return out;
  }
  void TearDown() override {
    themes_.reset();
    SetThemes(DefaultThemes());  // the process-wide copy, for the next test
  }
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<PgThemes> themes_;
  std::unique_ptr<ThemeService> theme_service_;
  std::unique_ptr<PgProjectStore> store_;
  std::unique_ptr<ProjectService> service_;
  int wakes_ = 0;
};

TEST_F(RegistryPgTest, CreateWritesRowRevisionSearchRowAndEventTogether) {
  Project p = Make("Réseau des compétences", {"skills"}, "MA-02", kOujda, false, "شبكة الكفاءات");
  EXPECT_EQ(Count("outbox"), 1);
  EXPECT_EQ(Count("project_revisions"), 1);
  EXPECT_EQ(Count("project_search"), 1);  // the working copy only
  EXPECT_EQ(wakes_, 1);
  auto got = store_->Get(p.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content.title().ar(), "شبكة الكفاءات");
  EXPECT_EQ(got->content.budget(0).amount(), 100000);
  EXPECT_EQ(got->organisation, "assoc-oujda");
}

TEST_F(RegistryPgTest, RetryWithSameRequestIdReturnsTheFirstProject) {
  v1::Project c;
  c.mutable_title()->set_fr("Once");
  auto a = service_->Create(c, "", "req-42", false, kOujda);
  auto b = service_->Create(c, "", "req-42", false, kOujda);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(Count("outbox"), 1);
}

TEST_F(RegistryPgTest, StaleRevisionWritesNothing) {
  Project p = Make("Base", {"skills"}, "MA-02", kOujda, false);
  Project next = p;
  next.content.set_beneficiaries(5);
  ASSERT_TRUE(store_->Write(next, p.revision, {.action = Action::kUpdated}).ok());
  next.content.set_beneficiaries(9);
  EXPECT_EQ(store_->Write(next, p.revision, {.action = Action::kUpdated}).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(store_->Get(p.id)->content.beneficiaries(), 5);
  EXPECT_EQ(Count("project_revisions"), 2);
  EXPECT_EQ(Count("outbox"), 2);
}

// Migration 0017: each version's binary copy is written with its JSON; a
// change of the JSON by SQL alone drops the copy (readers use the JSON, never
// a stale copy) and the background copier writes it again.
TEST_F(RegistryPgTest, BinaryCopiesFollowTheirJsonAndAreWrittenAgain) {
  Project p = Make("Copie binaire", {"skills"}, "MA-02", kOujda, true);
  auto missing = [&] {
    return Count(
        "projects WHERE doc_pb IS NULL OR (published_doc IS NOT NULL AND published_pb IS NULL)");
  };
  EXPECT_EQ(missing(), 0);
  EXPECT_EQ(Count("projects WHERE published_pb IS NOT NULL"), 1);
  ASSERT_TRUE(pool_
                  ->Transact([&](pqxx::work& tx) {
                    tx.exec_params0(
                        "UPDATE projects SET published_doc = jsonb_set(published_doc, "
                        "'{title,fr}', '\"Renommée par SQL\"'), doc = jsonb_set(doc, "
                        "'{beneficiaries}', '7') WHERE id = $1::uuid",
                        p.id);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(missing(), 1);
  int64_t seq = 0;
  ASSERT_TRUE(pool_
                  ->Transact([&](pqxx::work& tx) {
                    seq = tx.exec_params1("SELECT seq FROM projects WHERE id = $1::uuid", p.id)[0]
                              .as<int64_t>();
                    return absl::OkStatus();
                  })
                  .ok());
  auto read = store_->Get(p.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->published->title().fr(), "Renommée par SQL");
  EXPECT_EQ(read->content.beneficiaries(), 7);
  // A batch after the last seq finds nothing; from the start, this one.
  auto last = store_->BackfillBinaryDocuments(seq, 500);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 0);
  last = store_->BackfillBinaryDocuments(0, 500);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, seq);
  EXPECT_EQ(missing(), 0);
  auto again = store_->Get(p.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->published->title().fr(), "Renommée par SQL");
  EXPECT_EQ(again->content.beneficiaries(), 7);
  EXPECT_EQ(Titles({}, kAnonymous), std::vector<std::string>{"Renommée par SQL"});
  // A write through the store keeps both copies.
  Project next = *again;
  next.content.set_beneficiaries(9);
  ASSERT_TRUE(store_->Write(next, next.revision, {.action = Action::kUpdated}).ok());
  EXPECT_EQ(missing(), 0);
  EXPECT_EQ(store_->Get(p.id)->content.beneficiaries(), 9);
}

TEST_F(RegistryPgTest, SearchShowsEachViewerItsVersion) {
  Project p = Make("Maison de l'investissement", {"investment"}, "MA-02", kOujda, true);
  v1::Project patch;
  patch.mutable_title()->set_fr("Maison de l'investissement (révision)");
  ASSERT_TRUE(
      service_
          ->Update("projects/" + p.id, core::RevisionEtag(p.revision), patch, {"title.fr"}, kOujda)
          .ok());
  Make("Brouillon du Souss", {"skills"}, "MA-09", kSouss, false);
  EXPECT_EQ(Titles({}, kAnonymous), std::vector<std::string>{"Maison de l'investissement"});
  EXPECT_EQ(Titles({}, kSouss),
            (std::vector<std::string>{"Maison de l'investissement", "Brouillon du Souss"}));
  EXPECT_EQ(Titles({}, kOujda), std::vector<std::string>{"Maison de l'investissement (révision)"});
  EXPECT_EQ(Titles({}, kValidator).size(), 2U);
  // Archived: gone from the public, kept for those who see the working copy.
  ASSERT_TRUE(service_->Transition(Action::kSubmitted, "projects/" + p.id, "", "", kOujda).ok());
  ASSERT_TRUE(
      service_->Transition(Action::kPublished, "projects/" + p.id, "", "", kValidator).ok());
  ASSERT_TRUE(service_->Transition(Action::kArchived, "projects/" + p.id, "", "", kValidator).ok());
  EXPECT_TRUE(Titles({}, kAnonymous).empty());
  EXPECT_EQ(Titles({}, kOujda).size(), 1U);
}

// The page's documents are read at the revision of the rows that matched: a
// project whose row the mirror has not caught up with (here: changed behind
// the change log's back, as a write committing between the mirror's check
// and the documents' read would be) is left out of the page, never shown in
// a version its row did not match; the total still counts it.
TEST_F(RegistryPgTest, APageNeverShowsAVersionItsRowDidNotMatch) {
  Make("Projet stable", {"investment"}, "MA-02", kOujda, true);
  Project moved = Make("Projet modifié", {"investment"}, "MA-02", kOujda, true);
  // The mirror catches up with both (a search), no document read or kept.
  v1::ListProjectsRequest none;
  none.add_themes("skills");
  ASSERT_TRUE(Titles(none, kAnonymous).empty());
  ASSERT_TRUE(pool_
                  ->Transact([&](pqxx::work& tx) {
                    tx.exec_params0("UPDATE projects SET revision = revision + 1 WHERE id = $1",
                                    moved.id);
                    return absl::OkStatus();
                  })
                  .ok());
  auto r = service_->List({}, kAnonymous);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->total, 2);
  ASSERT_EQ(r->projects.size(), 1U);
  EXPECT_EQ(r->projects[0]->content.title().fr(), "Projet stable");
}

// A replica's search checks the change log in the statement that reads its
// page: a write committed elsewhere — or a new rate for a budget filter's
// currency — shows in its very next answer, never one later.
TEST_F(RegistryPgTest, AReplicaAnswersAfterAWriteOrARateChangeCommittedElsewhere) {
  PgProjectStore replica(*pool_, [] {});
  ASSERT_TRUE(replica.LoadMirror().ok());
  Make("Premier", {"investment"}, "MA-02", kOujda, true);  // 100 000 EUR
  v1::ListProjectsRequest q;
  q.set_budget_min(900000);  // MAD: 83 333 EUR at 10.8
  q.set_budget_currency("MAD");
  auto first = replica.Search(q, {}, 10, 0, true, {});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->total, 1);
  ASSERT_EQ(first->projects.size(), 1U);
  // Written through the other store: the replica's mirror is behind.
  Make("Second", {"investment"}, "MA-02", kOujda, true);
  auto second = replica.Search(q, {}, 10, 0, true, {});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->total, 2);
  EXPECT_EQ(second->projects.size(), 2U);
  ASSERT_TRUE(pool_
                  ->Transact([&](pqxx::work& tx) {
                    tx.exec0("UPDATE currency_rates SET per_eur = 5 WHERE code = 'MAD'");
                    return absl::OkStatus();
                  })
                  .ok());
  auto third = replica.Search(q, {}, 10, 0, true, {});  // 180 000 EUR now
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->total, 0);
  EXPECT_TRUE(third->projects.empty());
}

// An anonymous search through a gateway names the newest generation of the
// change log the gateway heard of (decision 0040): a replica whose mirror
// holds it answers without asking PostgreSQL — for a second after it last
// found its mirror current — and otherwise checks first. A signed-in viewer
// and a budget filter always check.
TEST_F(RegistryPgTest, ASearchNamingAGenerationReflectsItAndTrustsTheMirrorForASecondOnly) {
  PgProjectStore replica(*pool_, [] {});
  ASSERT_TRUE(replica.LoadMirror().ok());
  v1::ListProjectsRequest q;
  q.add_themes("investment");
  v1::ListProjectsRequest budget = q;
  budget.set_budget_min(1000);
  budget.set_budget_currency("EUR");
  auto total = [&](const v1::ListProjectsRequest& r, const Viewer& v, int64_t seen) {
    auto s = replica.Search(r, v, 10, 0, true, {.seen = seen});
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->total : -1;
  };
  EXPECT_EQ(store_->WrittenGeneration(), 0);
  EXPECT_EQ(replica.WrittenGeneration(), 0);
  Make("Premier", {"investment"}, "MA-02", kOujda, true);
  const int64_t first = store_->WrittenGeneration();
  ASSERT_GT(first, 0);
  EXPECT_EQ(replica.WrittenGeneration(), 0) << "only what this process wrote";
  const auto checked = std::chrono::steady_clock::now();
  EXPECT_EQ(total(q, {}, first), 1) << "the mirror was behind: checked";
  Make("Second", {"investment"}, "MA-02", kOujda, true);
  const int64_t second = store_->WrittenGeneration();
  ASSERT_GT(second, first);
  if (std::chrono::steady_clock::now() - checked < std::chrono::milliseconds(900)) {
    EXPECT_EQ(total(q, {}, first), 1) << "the mirror holds `first` and was current just now";
  }
  EXPECT_EQ(total(q, {}, second), 2);
  Make("Troisième", {"investment"}, "MA-02", kOujda, true);
  EXPECT_EQ(total(q, {.organisation = "someone-else"}, second), 3) << "signed in: checked";
  Make("Quatrième", {"investment"}, "MA-02", kOujda, true);
  EXPECT_EQ(total(budget, {}, second), 4) << "a budget filter: checked";
  Make("Cinquième", {"investment"}, "MA-02", kOujda, true);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(total(q, {}, second), 5) << "a second after the last check: checked again";
  // A search that names no generation (gRPC callers other than the gateway).
  Make("Sixième", {"investment"}, "MA-02", kOujda, true);
  auto all = replica.Search(q, {}, 10, 0, true, {});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->total, 6);
}

TEST_F(RegistryPgTest, FullTextFoldsAccentsReadsArabicAndForgivesTypos) {
  Make("Réinsertion économique des migrants de retour", {"return_reintegration"}, "MA-02", kOujda,
       true, "إعادة الإدماج الاقتصادي للمهاجرين العائدين");
  Make("Université d'été pour les jeunes MRE", {"culture_education"}, "MA-04", kOujda, true);
  v1::ListProjectsRequest q;
  q.set_q("reinsertion");  // no accent
  EXPECT_EQ(Titles(q, kAnonymous).size(), 1U);
  q.set_q("المهاجرين");
  EXPECT_EQ(Titles(q, kAnonymous).size(), 1U);
  q.set_q("universite ete");
  EXPECT_EQ(Titles(q, kAnonymous),
            std::vector<std::string>{"Université d'été pour les jeunes MRE"});
  q.set_q("reinsertoin");  // typo: trigram fallback
  EXPECT_EQ(Titles(q, kAnonymous).size(), 1U);
  q.set_q("astrophysique");
  EXPECT_TRUE(Titles(q, kAnonymous).empty());
}

TEST_F(RegistryPgTest, FiltersAndDisjunctiveFacets) {
  Make("A", {"investment", "skills"}, "MA-02", kOujda, true, "", "FRA");
  Make("B", {"skills"}, "MA-02", kOujda, true, "", "ESP");
  Make("C", {"investment"}, "MA-09", kSouss, true, "", "ITA");
  v1::ListProjectsRequest q;
  q.add_themes("investment");
  auto r = service_->List(q, kAnonymous);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->total, 2);
  std::map<std::string, std::map<std::string, int>> facets;
  for (const auto& [field, values] : r->facets) {
    for (const auto& v : values) facets[field][v.value] = v.count;
  }
  // The theme facet ignores the theme filter itself (how many would match
  // if I picked skills instead?); the others apply it.
  EXPECT_EQ(facets["themes"]["investment"], 2);
  EXPECT_EQ(facets["themes"]["skills"], 2);
  EXPECT_EQ(facets["region_codes"]["MA-02"], 1);
  EXPECT_EQ(facets["region_codes"]["MA-09"], 1);
  EXPECT_EQ(facets["diaspora_countries"].count("ESP"), 0U);
  EXPECT_EQ(facets["statuses"]["IMPLEMENTATION"], 2);
  EXPECT_EQ(facets["organisations"]["organisations/ong-souss"], 1);
  q.add_region_codes("MA-02");
  EXPECT_EQ(Titles(q, kAnonymous), std::vector<std::string>{"A"});
  v1::ListProjectsRequest by_org;
  by_org.add_organisations("organisations/ong-souss");
  EXPECT_EQ(Titles(by_org, kAnonymous), std::vector<std::string>{"C"});
  v1::ListProjectsRequest budget;
  budget.set_budget_min(1000000);  // EUR; each project has 100 000 EUR
  EXPECT_TRUE(Titles(budget, kAnonymous).empty());
  budget.set_budget_min(1000000);
  budget.set_budget_currency("MAD");  // 1 000 000 MAD ≈ 92 600 EUR at the indicative rate
  EXPECT_EQ(Titles(budget, kAnonymous).size(), 3U);
  v1::ListProjectsRequest years;
  years.set_year_from(2013);
  EXPECT_TRUE(Titles(years, kAnonymous).empty());
  years.set_year_from(2010);
  years.set_year_to(2012);
  EXPECT_EQ(Titles(years, kAnonymous).size(), 3U);
}

TEST_F(RegistryPgTest, CachedFacetsFollowEveryWrite) {
  Make("A", {"skills"}, "MA-02", kOujda, true);
  auto count = [&](const Actor& who) {
    auto r = service_->List({}, who);
    EXPECT_TRUE(r.ok()) << r.status();
    std::map<std::string, int> themes;
    for (const auto& [field, values] : r->facets) {
      if (field != "themes") continue;
      for (const auto& v : values) themes[v.value] = v.count;
    }
    return std::make_pair(r->total, themes["skills"]);
  };
  EXPECT_EQ(count(kAnonymous), std::make_pair(1, 1));
  EXPECT_EQ(count(kAnonymous), std::make_pair(1, 1));  // from the cache
  Project b = Make("B", {"skills"}, "MA-09", kSouss, false);
  EXPECT_EQ(count(kAnonymous), std::make_pair(1, 1));  // a draft is not public
  EXPECT_EQ(count(kSouss), std::make_pair(2, 2));      // but its owner sees it
  ASSERT_TRUE(service_->Transition(Action::kSubmitted, "projects/" + b.id, "", "", kSouss).ok());
  ASSERT_TRUE(
      service_->Transition(Action::kPublished, "projects/" + b.id, "", "", kValidator).ok());
  EXPECT_EQ(count(kAnonymous), std::make_pair(2, 2));  // recounted after the write
}

TEST_F(RegistryPgTest, RevisionsAndPointInTime) {
  Project p = Make("v1", {"skills"}, "MA-02", kOujda, false);
  v1::Project patch;
  patch.mutable_title()->set_fr("v2");
  auto r2 = service_->Update("projects/" + p.id, core::RevisionEtag(p.revision), patch,
                             {"title.fr"}, kOujda);
  ASSERT_TRUE(r2.ok()) << r2.status();
  auto list = service_->Revisions("projects/" + p.id, 0, "", kOujda);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->revisions.size(), 2U);
  EXPECT_EQ(list->revisions[0].action, "updated");
  EXPECT_EQ(list->revisions[0].changed_fields, std::vector<std::string>{"title"});
  EXPECT_EQ(list->revisions[0].actor, "users/editor");
  auto diff = service_->DiffRevisions("projects/" + p.id, 1, 2, kOujda);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->changes.size(), 1U);
  EXPECT_EQ(diff->changes[0].old_value, "v1");
  auto then =
      service_->Get("projects/" + p.id, v1::PROJECT_VIEW_UNSPECIFIED, p.update_time_us, 0, kOujda);
  ASSERT_TRUE(then.ok()) << then.status();
  EXPECT_EQ(then->content.title().fr(), "v1");
}

TEST_F(RegistryPgTest, TheTaxonomyIsSeededOnceAndEveryReplicaFollowsItsChanges) {
  EXPECT_EQ(Count("themes"), static_cast<int>(DefaultThemes().size()));
  PgThemes second(*pool_);  // another replica starting: finds the rows, seeds nothing
  ASSERT_TRUE(second.Start(std::chrono::milliseconds(50)).ok());
  ThemeService second_service(second);
  EXPECT_EQ(Count("themes"), static_cast<int>(DefaultThemes().size()));

  auto created = second_service.Create(SampleTheme("diaspora_health", 20), "admin");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), "themes/diaspora_health");
  EXPECT_EQ(created->etag(), "r1");
  EXPECT_TRUE(IsTerm(*Themes(), "diaspora_health"));
  // A project may now have it, through the domain's validation and the store's check.
  Project p = Make("Santé", {"diaspora_health"}, "MA-02", kOujda, false);
  EXPECT_FALSE(p.id.empty());

  EXPECT_EQ(second_service.Create(SampleTheme("diaspora_health", 20), "admin").status().code(),
            absl::StatusCode::kAlreadyExists);
  v1::Theme bad = SampleTheme("Bad Code", 20);
  bad.set_colour("red");
  EXPECT_EQ(core::FieldViolations(second_service.Create(bad, "admin").status()).size(), 2u);
}

TEST_F(RegistryPgTest, ConcurrentThemeEditsNeverOverwriteEachOther) {
  v1::Theme patch;
  patch.set_name("themes/skills");
  patch.mutable_label()->set_fr("Compétences de la diaspora");
  auto first = theme_service_->Update(patch, {"label.fr"}, "r1", "admin");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->etag(), "r2");
  EXPECT_EQ(first->updated_by(), "admin");
  patch.mutable_label()->set_fr("Autre libellé");
  auto stale =
      theme_service_->Update(patch, {"label.fr"}, "r1", "admin2");  // read before the first
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  auto list = themes_->List();
  ASSERT_TRUE(list.ok());
  auto skills = std::find_if(list->begin(), list->end(),
                             [](const v1::Theme& t) { return t.code() == "skills"; });
  ASSERT_NE(skills, list->end());
  EXPECT_EQ(skills->label().fr(), "Compétences de la diaspora");
  // Recorded with the change, for the gateways' caches (and only the one
  // that committed).
  EXPECT_EQ(Count("outbox WHERE nats_subject = 'atlas.registry.theme.updated' AND "
                  "subject = 'themes/skills'"),
            1);
  EXPECT_EQ(theme_service_->Update(patch, {"label.fr"}, "", "admin").status().code(),
            absl::StatusCode::kInvalidArgument);  // an etag is required
  patch.set_name("themes/nope");
  EXPECT_EQ(theme_service_->Update(patch, {"label.fr"}, "r1", "admin").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RegistryPgTest, AThemeInUseIsRetiredNotDeletedAndStaysOnItsProjects) {
  Project p = Make("Réseau", {"skills"}, "MA-02", kOujda, true);
  auto refused = theme_service_->Delete("themes/skills", "", "users/admin");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(core::MessageIn(refused, core::Lang::kFr).find("retirez-le"), std::string::npos);

  v1::Theme retire;
  retire.set_name("themes/skills");
  retire.set_retired(true);
  auto retired = theme_service_->Update(retire, {"retired"}, "r1", "admin");
  ASSERT_TRUE(retired.ok()) << retired.status();
  EXPECT_EQ(retired->projects(), 1);
  // Still valid on the project: it can be edited without losing it.
  Project next = *store_->Get(p.id);
  next.content.set_beneficiaries(12);
  EXPECT_TRUE(store_->Write(next, next.revision, {.action = Action::kUpdated}).ok());

  // An unused theme goes; then a replica whose copy still has it cannot
  // write it onto a project (the store checks the table in the write).
  ASSERT_TRUE(theme_service_->Delete("themes/remittances", "r1", "users/admin").ok());
  EXPECT_EQ(Count("outbox WHERE nats_subject = 'atlas.registry.theme.deleted'"), 1);
  EXPECT_FALSE(IsTerm(*Themes(), "remittances"));
  SetThemes(DefaultThemes());  // a stale replica's copy
  Project stale = *store_->Get(p.id);
  stale.content.add_themes("remittances");
  auto w = store_->Write(stale, stale.revision, {.action = Action::kUpdated});
  EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(w.status()).at(0).field, "project.themes[1]");
  EXPECT_EQ(theme_service_->Delete("themes/remittances", "", "users/admin").code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace atlas::registry

namespace atlas::registry {
namespace {

// A random portfolio through the service (drafts, published, edited after
// publication, archived, good practices), then random queries: the mirror of
// the store that wrote, and that of a second replica loaded before any write
// (it follows search_changes alone), answer exactly what PostgreSQL answers —
// page, order, total and every facet count — for every kind of viewer.
TEST_F(RegistryPgTest, TheSearchMirrorAnswersExactlyWhatTheSqlAnswers) {
  PgProjectStore replica(*pool_, [] {});
  ASSERT_TRUE(replica.LoadMirror().ok());
  const unsigned seed = std::random_device()();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  auto pick = [&](const auto& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  auto codes = [](const std::vector<Term>& terms) {
    std::vector<std::string> out;
    for (const Term& t : terms) out.push_back(t.code);
    return out;
  };
  const std::vector<std::string> themes = {"investment", "skills", "entrepreneurship",
                                           "women_youth", "culture_education"};
  const std::vector<std::string> regions = codes(Regions());
  const std::vector<std::string> groups = codes(TargetGroups());
  const std::vector<std::string> mechanisms = codes(Mechanisms());
  const std::vector<std::string> countries = {"FRA", "ESP", "ITA", "BEL", "NLD", "DEU"};
  const std::vector<std::string> words = {
      "Maison", "jeunes",      "entrepreneurs", "réinsertion",    "diaspora", "santé",   "femmes",
      "Oujda",  "compétences", "Agadir",        "investissement", "école",    "مقاولين", "Россия"};
  const std::vector<std::string> partners = {"GIZ", "AFD", "Région de l'Oriental", "OIM"};
  const std::vector<Actor> owners = {kOujda, kSouss};
  auto random_content = [&] {
    v1::Project c;
    c.mutable_title()->set_fr(pick(words) + " " + pick(words) + " " + pick(words));
    if (chance(0.3)) c.mutable_title()->set_ar("مشروع " + pick(words));
    if (chance(0.3)) c.mutable_title()->set_en(pick(words) + " project");
    // Words elsewhere than in a title weigh less (B): relevance tells them apart.
    if (chance(0.6)) c.mutable_summary()->set_fr(pick(words) + " " + pick(words) + " du projet");
    for (int i = 0, n = std::uniform_int_distribution<int>(1, 2)(rng); i < n; ++i) {
      const std::string t = pick(themes);
      if (std::find(c.themes().begin(), c.themes().end(), t) == c.themes().end()) c.add_themes(t);
    }
    c.add_region_codes(pick(regions));
    if (chance(0.5)) c.add_diaspora_countries(pick(countries));
    if (chance(0.4)) c.add_target_groups(pick(groups));
    if (chance(0.5)) c.set_mechanism(pick(mechanisms));
    c.set_status(static_cast<v1::ActivityStatus>(std::uniform_int_distribution<int>(1, 6)(rng)));
    c.set_currency(chance(0.5) ? "EUR" : "MAD");
    for (int i = 0, n = std::uniform_int_distribution<int>(0, 2)(rng); i < n; ++i) {
      auto* b = c.add_budget();
      b->set_year(std::uniform_int_distribution<int>(2008, 2013)(rng) + 7 * i);
      b->set_amount(std::uniform_int_distribution<int>(1, 40)(rng) * 25000);
    }
    if (chance(0.6)) {
      c.mutable_planned_start()->set_year(std::uniform_int_distribution<int>(2008, 2020)(rng));
      c.mutable_planned_start()->set_month(std::uniform_int_distribution<int>(1, 12)(rng));
      c.mutable_planned_start()->set_day(std::uniform_int_distribution<int>(1, 28)(rng));
    }
    if (chance(0.5)) {
      auto* o = c.add_participating_organisations();
      o->set_name(pick(partners));
      o->set_role(static_cast<v1::OrganisationRole>(std::uniform_int_distribution<int>(1, 4)(rng)));
    }
    return c;
  };
  const std::vector<std::string> paths = {"title",  "themes", "region_codes", "diaspora_countries",
                                          "status", "budget", "mechanism"};
  std::vector<std::pair<std::string, Actor>> made;
  for (int i = 0; i < 40; ++i) {
    const Actor& owner = owners[i % 2];
    auto p = service_->Create(random_content(), "", "", false, owner);
    ASSERT_TRUE(p.ok()) << p.status();
    const std::string name = "projects/" + p->id;
    made.emplace_back(name, owner);
    if (chance(0.25)) continue;  // a draft
    ASSERT_TRUE(service_->Transition(Action::kSubmitted, name, "", "", owner).ok());
    auto published = service_->Transition(Action::kPublished, name, "", "", kValidator);
    ASSERT_TRUE(published.ok()) << published.status();
    if (chance(0.2)) {
      published = service_->SetGoodPractice(name, true, "", kValidator);
      ASSERT_TRUE(published.ok()) << published.status();
    }
    if (chance(0.3)) {  // edited after publication: the working copy differs
      auto edited = service_->Update(name, core::RevisionEtag(published->revision),
                                     random_content(), paths, owner);
      ASSERT_TRUE(edited.ok()) << edited.status();
    }
    if (chance(0.1)) {
      ASSERT_TRUE(service_->Transition(Action::kArchived, name, "", "", kValidator).ok());
    }
  }
  const std::vector<std::string> orders = {"",       "relevance", "recent", "title",
                                           "budget", "-budget",   "start",  "-start"};
  const std::vector<Actor> viewers = {kAnonymous, kOujda, kSouss, kValidator};
  auto same = [&](const absl::StatusOr<SearchResult>& want, const absl::StatusOr<SearchResult>& got,
                  const std::string& what) {
    ASSERT_TRUE(want.ok()) << want.status();
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->total, want->total) << what;
    std::vector<std::string> a, b;
    for (const auto& p : want->projects)
      a.push_back(p->id + "@" + std::to_string(p->revision) + ":" + p->content.title().fr());
    for (const auto& p : got->projects)
      b.push_back(p->id + "@" + std::to_string(p->revision) + ":" + p->content.title().fr());
    EXPECT_EQ(b, a) << what;
    ASSERT_EQ(got->facets.size(), want->facets.size()) << what;
    for (size_t f = 0; f < want->facets.size(); ++f) {
      EXPECT_EQ(got->facets[f].first, want->facets[f].first) << what;
      std::vector<std::string> x, y;
      for (const auto& v : want->facets[f].second)
        x.push_back(v.value + "=" + std::to_string(v.count));
      for (const auto& v : got->facets[f].second)
        y.push_back(v.value + "=" + std::to_string(v.count));
      EXPECT_EQ(y, x) << what << " facet " << want->facets[f].first;
    }
  };
  for (int i = 0; i < 300; ++i) {
    if (i % 25 == 24) {  // an edit between queries: both mirrors and the shown versions follow
      const auto& [name, owner] = pick(made);
      auto current = service_->Get(name, v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, owner);
      ASSERT_TRUE(current.ok()) << current.status();
      if (current->state != State::kArchived) {
        auto edited = service_->Update(name, core::RevisionEtag(current->revision),
                                       random_content(), paths, owner);
        ASSERT_TRUE(edited.ok()) << edited.status();
      }
    }
    v1::ListProjectsRequest q;
    if (chance(0.3)) q.add_themes(pick(themes));
    if (chance(0.15)) q.add_themes(pick(themes));
    if (chance(0.3)) q.add_region_codes(pick(regions));
    if (chance(0.2)) q.add_diaspora_countries(pick(countries));
    if (chance(0.15)) q.add_target_groups(pick(groups));
    if (chance(0.2))
      q.add_statuses(
          static_cast<v1::ActivityStatus>(std::uniform_int_distribution<int>(1, 6)(rng)));
    if (chance(0.1))
      q.add_states(static_cast<v1::ProjectState>(std::uniform_int_distribution<int>(1, 5)(rng)));
    if (chance(0.15)) {
      q.add_organisations(chance(0.5) ? "organisations/" + pick(owners).viewer.organisation
                                      : pick(partners));
      if (chance(0.5))
        q.set_organisation_role(
            static_cast<v1::OrganisationRole>(std::uniform_int_distribution<int>(1, 4)(rng)));
    }
    if (chance(0.1)) q.set_good_practice(chance(0.5));
    if (chance(0.1)) q.set_mechanism(pick(mechanisms));
    if (chance(0.15)) q.set_year_from(std::uniform_int_distribution<int>(2008, 2016)(rng));
    if (chance(0.15)) q.set_year_to(std::uniform_int_distribution<int>(2016, 2022)(rng));
    if (chance(0.15)) {
      q.set_budget_min(std::uniform_int_distribution<int>(0, 4)(rng) * 100000);
      q.set_budget_currency(chance(0.5) ? "MAD" : "EUR");
    }
    if (chance(0.1)) q.set_budget_max(std::uniform_int_distribution<int>(1, 8)(rng) * 100000);
    if (chance(0.25)) q.set_q(chance(0.8) ? pick(words) : pick(words) + " " + pick(words));
    q.set_order_by(pick(orders));
    if (chance(0.5)) q.set_language(chance(0.5) ? "ar" : "en");
    const int limit = std::uniform_int_distribution<int>(1, 20)(rng);
    const int64_t offset = chance(0.3) ? std::uniform_int_distribution<int>(0, 30)(rng) : 0;
    const Actor& who = pick(viewers);
    const std::string what = "query " + q.ShortDebugString() + " by '" + who.viewer.organisation +
                             "' limit " + std::to_string(limit) + " offset " +
                             std::to_string(offset);
    const auto want = store_->SearchSql(q, who.viewer, limit, offset, true);
    same(want, store_->Search(q, who.viewer, limit, offset, true, {}), what);
    same(want, replica.Search(q, who.viewer, limit, offset, true, {}), what + " (replica)");
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace atlas::registry
