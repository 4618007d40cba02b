#include "registry/domain/project_service.h"

#include "atlas/core/etag.h"
#include "gtest/gtest.h"
#include "registry/domain/dialogue_service.h"
#include "registry/domain/evaluation_service.h"
#include "registry/domain/memory_project_store.h"

namespace atlas::registry {
namespace {

v1::Project Content(std::string title) {
  v1::Project p;
  p.mutable_title()->set_fr(std::move(title));
  p.add_themes("investment");
  p.add_region_codes("MA-02");
  p.set_status(v1::IMPLEMENTATION);
  return p;
}

const Actor kEditor{.viewer = {.sees_all = false, .organisation = "assoc-oujda"},
                    .subject = "users/editor"};
const Actor kOtherEditor{.viewer = {.sees_all = false, .organisation = "region-oriental"},
                         .subject = "users/other"};
const Actor kAnonymous{};
const Actor kValidator{.viewer = {.sees_all = true, .organisation = "ministry"},
                       .subject = "users/validator"};

class ProjectServiceTest : public ::testing::Test {
 protected:
  Project Create(const std::string& title = "Maison de l'investissement") {
    auto p = service_.Create(Content(title), "", "", false, kEditor);
    EXPECT_TRUE(p.ok()) << p.status();
    return *p;
  }
  absl::StatusOr<Project> Do(Action a, const Project& p, const Actor& who,
                             const std::string& reason = "") {
    return service_.Transition(a, "projects/" + p.id, "", reason, who);
  }
  Project Published() {
    Project p = Create();
    EXPECT_TRUE(Do(Action::kSubmitted, p, kEditor).ok());
    auto published = Do(Action::kPublished, p, kValidator);
    EXPECT_TRUE(published.ok()) << published.status();
    return *published;
  }
  absl::StatusOr<Project> Get(const Project& p, const Actor& who,
                              v1::ProjectView view = v1::PROJECT_VIEW_UNSPECIFIED) {
    return service_.Get("projects/" + p.id, view, 0, 0, who);
  }
  absl::StatusOr<Project> Patch(const Project& current, const v1::Project& patch,
                                const std::vector<std::string>& paths, const Actor& who = kEditor) {
    return service_.Update("projects/" + current.id, core::RevisionEtag(current.revision), patch,
                           paths, who);
  }

  MemoryProjectStore store_;
  MemoryDialogueStore dialogue_store_{store_.events};
  ProjectService service_{store_, store_};
  DialogueService dialogue_{service_, dialogue_store_};
};

TEST_F(ProjectServiceTest, CreateStartsAsDraftOfTheCallersOrganisation) {
  Project p = Create();
  EXPECT_EQ(p.state, State::kDraft);
  EXPECT_EQ(p.organisation, "assoc-oujda");
  EXPECT_EQ(p.revision, 1);
  EXPECT_EQ(p.content.original_language(), "fr");
  EXPECT_EQ(p.content.currency(), "MAD");
  EXPECT_EQ(store_.events, (std::vector<std::string>{"created:" + p.id}));
}

TEST_F(ProjectServiceTest, InvalidProjectIsRejectedAndNothingStored) {
  v1::Project bad;
  bad.add_region_codes("MA-99");
  auto p = service_.Create(bad, "", "", false, kEditor);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_.events.empty());
}

TEST_F(ProjectServiceTest, EditorsCreateOnlyForTheirOwnOrganisation) {
  auto p = service_.Create(Content("x"), "region-oriental", "", false, kEditor);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kPermissionDenied);
  auto ok = service_.Create(Content("x"), "region-oriental", "", false, kValidator);
  EXPECT_TRUE(ok.ok());
}

TEST_F(ProjectServiceTest, SameRequestIdCreatesOnce) {
  auto a = service_.Create(Content("a"), "", "req-1", false, kEditor);
  auto b = service_.Create(Content("a"), "", "req-1", false, kEditor);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(store_.events.size(), 1U);
}

TEST_F(ProjectServiceTest, RequestIdsBelongToTheCallersOrganisation) {
  // Issue 17: a key reused (or guessed) by another organisation creates that
  // organisation's own project; it never answers with the first one.
  auto mine = service_.Create(Content("mine"), "", "req-1", false, kEditor);
  auto theirs = service_.Create(Content("theirs"), "", "req-1", false, kOtherEditor);
  ASSERT_TRUE(mine.ok() && theirs.ok());
  EXPECT_NE(mine->id, theirs->id);
  EXPECT_EQ(theirs->organisation, "region-oriental");
  EXPECT_EQ(theirs->content.title().fr(), "theirs");
  // The ministry's key space is its own too, even when it creates for a partner.
  auto ministry = service_.Create(Content("m"), "assoc-oujda", "req-1", false, kValidator);
  ASSERT_TRUE(ministry.ok());
  EXPECT_NE(ministry->id, mine->id);
  // A repeat by the same organisation is the same project.
  auto again = service_.Create(Content("mine"), "", "req-1", false, kEditor);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, mine->id);
  EXPECT_EQ(store_.events.size(), 3U);
}

TEST_F(ProjectServiceTest, WorkflowDraftSubmittedPublishedArchived) {
  Project p = Create();
  auto submitted = Do(Action::kSubmitted, p, kEditor);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->state, State::kSubmitted);
  // Editors do not publish their own work; the RPC's roles stop them too,
  // and the domain refuses another organisation's editor.
  EXPECT_EQ(Do(Action::kPublished, p, kOtherEditor).status().code(), absl::StatusCode::kNotFound);
  auto published = Do(Action::kPublished, p, kValidator);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->state, State::kPublished);
  EXPECT_EQ(published->published_revision, published->revision);
  EXPECT_TRUE(Get(p, kAnonymous).ok());
  auto archived = Do(Action::kArchived, p, kValidator);
  ASSERT_TRUE(archived.ok());
  EXPECT_EQ(Get(p, kAnonymous).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_.events, (std::vector<std::string>{"created:" + p.id, "submitted:" + p.id,
                                                     "published:" + p.id, "archived:" + p.id}));
}

TEST_F(ProjectServiceTest, TransitionsTheStateDoesNotAllowAreRefused) {
  Project p = Create();
  EXPECT_EQ(Do(Action::kPublished, p, kValidator).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Do(Action::kRejected, p, kValidator, "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Do(Action::kArchived, p, kValidator).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Do(Action::kSubmitted, p, kEditor).ok());
  EXPECT_EQ(Do(Action::kSubmitted, p, kEditor).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // A submitted project is not edited while the validator decides.
  Project current = *Get(p, kEditor);
  EXPECT_EQ(Patch(current, Content("y"), {"title"}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ProjectServiceTest, SubmissionNeedsThemesPlaceAndStatus) {
  v1::Project thin;
  thin.mutable_title()->set_fr("Esquisse");
  auto p = service_.Create(thin, "", "", false, kEditor);
  ASSERT_TRUE(p.ok());
  auto s = Do(Action::kSubmitted, *p, kEditor);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : core::FieldViolations(s.status())) fields.push_back(v.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"project.themes", "project.region_codes", "project.status"}));
}

TEST_F(ProjectServiceTest, RejectNeedsAReasonAndEditingReopensTheDraft) {
  Project p = Create();
  ASSERT_TRUE(Do(Action::kSubmitted, p, kEditor).ok());
  EXPECT_EQ(Do(Action::kRejected, p, kValidator, "  ").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto rejected = Do(Action::kRejected, p, kValidator, "Budget manquant");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->state, State::kRejected);
  EXPECT_EQ(Get(p, kEditor)->rejection_reason, "Budget manquant");
  v1::Project patch;
  patch.set_beneficiaries(120);
  auto edited = Patch(*rejected, patch, {"beneficiaries"});
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(edited->state, State::kDraft);
  EXPECT_TRUE(edited->rejection_reason.empty());
}

TEST_F(ProjectServiceTest, EditingAPublishedProjectIsAPendingRevisionUntilPublished) {
  Project p = Published();
  v1::Project patch;
  patch.mutable_title()->set_fr("Titre révisé");
  auto pending = Patch(p, patch, {"title.fr"});
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_EQ(pending->state, State::kDraft);
  // The public still reads the published version…
  auto pub = Get(p, kAnonymous);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->content.title().fr(), "Maison de l'investissement");
  EXPECT_EQ(pub->state, State::kPublished);
  // …the editor reads the pending one, and can ask for the public one.
  EXPECT_EQ(Get(p, kEditor)->content.title().fr(), "Titre révisé");
  EXPECT_EQ(Get(p, kEditor, v1::PUBLISHED_VERSION)->content.title().fr(),
            "Maison de l'investissement");
  ASSERT_TRUE(Do(Action::kSubmitted, p, kEditor).ok());
  ASSERT_TRUE(Do(Action::kPublished, p, kValidator).ok());
  EXPECT_EQ(Get(p, kAnonymous)->content.title().fr(), "Titre révisé");
}

TEST_F(ProjectServiceTest, ContactsAreNeverPublic) {
  v1::Project c = Content("Avec contact");
  c.add_contacts()->set_name("Mme A.");
  auto p = service_.Create(c, "", "", false, kEditor);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(Do(Action::kSubmitted, *p, kEditor).ok());
  ASSERT_TRUE(Do(Action::kPublished, *p, kValidator).ok());
  EXPECT_EQ(Get(*p, kAnonymous)->content.contacts_size(), 0);
  EXPECT_EQ(Get(*p, kOtherEditor)->content.contacts_size(), 0);
  EXPECT_EQ(Get(*p, kEditor)->content.contacts_size(), 1);
  EXPECT_EQ(Get(*p, kValidator)->content.contacts_size(), 1);
}

TEST_F(ProjectServiceTest, DraftsAreVisibleOnlyToTheirOrganisationAndToThoseWhoSeeAll) {
  Project p = Create();
  EXPECT_TRUE(Get(p, kEditor).ok());
  EXPECT_TRUE(Get(p, kValidator).ok());
  EXPECT_EQ(Get(p, kOtherEditor).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Get(p, kAnonymous).status().code(), absl::StatusCode::kNotFound);
  auto list = service_.List({}, kOtherEditor);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->total, 0);
}

TEST_F(ProjectServiceTest, UpdateNeedsTheCurrentEtagAndWritesNothingWhenStale) {
  Project p = Create();
  v1::Project patch;
  patch.set_beneficiaries(10);
  auto first = Patch(p, patch, {"beneficiaries"});
  ASSERT_TRUE(first.ok());
  patch.set_beneficiaries(20);
  auto stale = Patch(p, patch, {"beneficiaries"});  // based on revision 1
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Get(p, kEditor)->content.beneficiaries(), 10);
  auto no_etag = service_.Update("projects/" + p.id, "", patch, {"beneficiaries"}, kEditor);
  EXPECT_EQ(no_etag.status().code(), absl::StatusCode::kInvalidArgument);
  auto bad_mask = Patch(*first, patch, {"state"});
  EXPECT_EQ(bad_mask.status().code(), absl::StatusCode::kInvalidArgument);
  auto other = Patch(*first, patch, {"beneficiaries"}, kOtherEditor);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ProjectServiceTest, HistoryListsEveryRevisionAndDiffsAnyTwo) {
  Project p = Create();
  v1::Project patch;
  patch.mutable_title()->set_ar("دار الاستثمار");
  auto r2 = Patch(p, patch, {"title.ar"});
  ASSERT_TRUE(r2.ok());
  patch.set_beneficiaries(300);
  auto r3 = Patch(*r2, patch, {"beneficiaries"});
  ASSERT_TRUE(r3.ok());
  auto revisions = service_.Revisions("projects/" + p.id, 0, "", kEditor);
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->revisions.size(), 3U);
  EXPECT_EQ(revisions->revisions[0].revision, 3);
  EXPECT_EQ(revisions->revisions[0].changed_fields, (std::vector<std::string>{"beneficiaries"}));
  EXPECT_EQ(revisions->revisions[1].actor, "users/editor");
  auto diff = service_.DiffRevisions("projects/" + p.id, 1, 3, kEditor);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->changes.size(), 2U);
  EXPECT_EQ(diff->changes[0].field, "title.ar");
  EXPECT_EQ(diff->changes[1].field, "beneficiaries");
  EXPECT_EQ(diff->changes[1].new_value, "\"300\"");  // int64 is a string in proto3 JSON
  // Reading a revision and a point in time.
  auto v1 = service_.Get("projects/" + p.id, v1::PROJECT_VIEW_UNSPECIFIED, 0, 1, kEditor);
  ASSERT_TRUE(v1.ok());
  EXPECT_TRUE(v1->content.title().ar().empty());
  auto then = service_.Get("projects/" + p.id, v1::PROJECT_VIEW_UNSPECIFIED, r2->update_time_us, 0,
                           kEditor);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(then->revision, 2);
  // Other organisations see neither the history nor the draft.
  EXPECT_EQ(service_.Revisions("projects/" + p.id, 0, "", kOtherEditor).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_.DiffRevisions("projects/" + p.id, 1, 9, kEditor).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ProjectServiceTest, ThePublicReadsOnlyWhatWasPublicAtTheTime) {
  Project p = Published();
  v1::Project patch;
  patch.mutable_title()->set_fr("Brouillon non publié");
  ASSERT_TRUE(Patch(p, patch, {"title.fr"}).ok());
  auto then =
      service_.Get("projects/" + p.id, v1::PROJECT_VIEW_UNSPECIFIED, store_.Now(), 0, kAnonymous);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(then->content.title().fr(), "Maison de l'investissement");
  EXPECT_EQ(then->state, State::kPublished);
  EXPECT_EQ(service_.Get("projects/" + p.id, v1::PROJECT_VIEW_UNSPECIFIED, 0, 1, kAnonymous)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ProjectServiceTest, GoodPracticeOnlyOnPublishedProjects) {
  Project draft = Create();
  EXPECT_EQ(service_.SetGoodPractice("projects/" + draft.id, true, "", kValidator).status().code(),
            absl::StatusCode::kFailedPrecondition);
  Project p = Published();
  auto flagged = service_.SetGoodPractice("projects/" + p.id, true, "", kValidator);
  ASSERT_TRUE(flagged.ok());
  EXPECT_TRUE(Get(p, kAnonymous)->good_practice);
}

TEST_F(ProjectServiceTest, ListPagesThroughEverythingOnce) {
  for (int i = 0; i < 5; ++i) Create("p" + std::to_string(i));
  v1::ListProjectsRequest req;
  req.set_page_size(2);
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto r = service_.List(req, kEditor);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->total, 5);
    for (const auto& p : r->projects) seen.push_back(p->content.title().fr());
    if (r->next_page_token.empty()) break;
    req.set_page_token(r->next_page_token);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"p0", "p1", "p2", "p3", "p4"}));
}

TEST_F(ProjectServiceTest, ReimportReplacesWhatTheFileCarriesAndKeepsTheRest) {
  const std::string xml = R"(<iati-activities><iati-activity xml:lang="fr">
    <iati-identifier>XM-T-9</iati-identifier><title><narrative>Titre v1</narrative></title>
    <activity-status code="2"/></iati-activity></iati-activities>)";
  auto first = service_.Import(xml, "", false, kEditor);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->created, 1);
  Project p = *service_.Get(first->projects[0], v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, kEditor);
  v1::Project patch;
  patch.mutable_title()->set_ar("العنوان");
  patch.add_milestones()->set_title("Lancement");
  ASSERT_TRUE(Patch(p, patch, {"title.ar", "milestones"}).ok());
  std::string v2 = xml;
  v2.replace(v2.find("Titre v1"), 8, "Titre v2");
  auto second = service_.Import(v2, "", false, kEditor);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->updated, 1);
  Project after = *Get(p, kEditor);
  EXPECT_EQ(after.content.title().fr(), "Titre v2");
  EXPECT_EQ(after.content.title().ar(), "العنوان");  // not in the file: kept
  EXPECT_EQ(after.content.milestones_size(), 1);     // not in the file: kept
  EXPECT_EQ(service_.Import(v2, "", false, kEditor)->unchanged, 1);
}

TEST_F(ProjectServiceTest, ImportStopsWhenTheCallersDeadlinePasses) {
  const std::string xml = R"(<iati-activities><iati-activity xml:lang="fr">
    <iati-identifier>XM-T-10</iati-identifier><title><narrative>T</narrative></title>
    </iati-activity></iati-activities>)";
  auto late = service_.Import(xml, "", false, kEditor, absl::Now() - absl::Seconds(1));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_NE(late.status().message().find("0 of 1"), std::string::npos) << late.status();
  EXPECT_TRUE(store_.events.empty());
  EXPECT_EQ(service_.Import(xml, "", false, kEditor, absl::Now() + absl::Minutes(1))->created, 1);
}

TEST_F(ProjectServiceTest, QueryValidation) {
  v1::ListProjectsRequest req;
  req.add_themes("astrology");
  req.set_year_from(2016);
  req.set_year_to(2008);
  req.set_order_by("random");
  req.set_budget_min(-1);
  auto r = service_.List(req, kAnonymous);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : core::FieldViolations(r.status())) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"themes[0]", "year_to", "budget_min", "order_by"}));
}

TEST_F(ProjectServiceTest, CommentsAreUnreadForEachReaderUntilTheyMarkThemRead) {
  Project p = Create();
  const std::string parent = "projects/" + p.id;
  v1::Comment c;
  c.set_text("Pouvez-vous préciser le budget 2027 ?");
  ASSERT_TRUE(dialogue_.CreateComment(parent, c, kValidator).ok());
  auto unread = [&](const Actor& who) {
    std::vector<bool> out;
    auto comments = dialogue_.Comments(parent, "", false, who);
    EXPECT_TRUE(comments.ok()) << comments.status();
    if (comments.ok()) {
      for (const auto& x : *comments) out.push_back(x.unread());
    }
    return out;
  };
  EXPECT_EQ(unread(kEditor), std::vector<bool>{true});
  EXPECT_EQ(unread(kValidator), std::vector<bool>{false});  // one's own comment is never new
  ASSERT_TRUE(dialogue_.MarkCommentsRead(parent, kEditor).ok());
  EXPECT_EQ(unread(kEditor), std::vector<bool>{false});
  c.set_text("Et le calendrier ?");
  ASSERT_TRUE(dialogue_.CreateComment(parent, c, kValidator).ok());
  EXPECT_EQ(unread(kEditor), (std::vector<bool>{false, true}));
  // Another organisation's editor can neither read nor mark this dialogue.
  EXPECT_FALSE(dialogue_.MarkCommentsRead(parent, kOtherEditor).ok());
}

}  // namespace
}  // namespace atlas::registry

namespace atlas::registry {
namespace {

v1::Evaluation Scored(int impact) {
  v1::Evaluation e;
  for (auto c : {v1::RELEVANCE, v1::COHERENCE, v1::EFFECTIVENESS, v1::EFFICIENCY, v1::IMPACT,
                 v1::SUSTAINABILITY}) {
    auto* s = e.add_scores();
    s->set_criterion(c);
    s->set_score(c == v1::IMPACT ? impact : 2);
  }
  e.set_replicability(v1::MEDIUM);
  e.set_evaluator("Bureau (test)");
  e.mutable_evaluation_date()->set_year(2026);
  e.mutable_evaluation_date()->set_month(10);
  e.mutable_evaluation_date()->set_day(15);
  return e;
}

TEST_F(ProjectServiceTest, AnEvaluationIsCorrectedFromTheRevisionReadAndAStaleOneChangesNothing) {
  MemoryEvaluationStore evaluation_store{store_.events};
  EvaluationService evaluations{service_, evaluation_store};
  const Project p = Published();
  v1::Evaluation first = Scored(2);
  first.set_demo(true);
  auto created = evaluations.CreateEvaluation("projects/" + p.id, first, kValidator);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->etag(), "r1");

  v1::Evaluation fix = Scored(4);
  fix.set_name(created->name());
  fix.set_etag("r1");
  auto fixed = evaluations.UpdateEvaluation(fix, kValidator);
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_EQ(fixed->etag(), "r2");
  EXPECT_DOUBLE_EQ(fixed->average_score(), 2.33);
  EXPECT_TRUE(fixed->demo()) << "demo keeps its first value";
  EXPECT_EQ(store_.events.back(), "evaluation.updated:" + p.id);

  // From r1 again: someone corrected it since.
  const size_t events = store_.events.size();
  EXPECT_EQ(evaluations.UpdateEvaluation(fix, kValidator).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(store_.events.size(), events);
  fix.set_etag("");
  EXPECT_EQ(evaluations.UpdateEvaluation(fix, kValidator).status().code(),
            absl::StatusCode::kInvalidArgument);
  fix.set_etag("r2");
  fix.set_name("projects/" + p.id + "/evaluations/00000000-0000-4000-8000-000000000999");
  EXPECT_EQ(evaluations.UpdateEvaluation(fix, kValidator).status().code(),
            absl::StatusCode::kNotFound);
  fix.set_name("projects/" + p.id + "/comments/x");
  EXPECT_EQ(evaluations.UpdateEvaluation(fix, kValidator).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto listed = evaluations.Evaluations("projects/" + p.id, kValidator);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].scores(4).score(), 4);
}

}  // namespace
}  // namespace atlas::registry
