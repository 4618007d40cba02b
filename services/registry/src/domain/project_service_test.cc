#include "domain/project_service.h"

#include "domain/memory_project_store.h"
#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

Project Titled(std::string title) {
  Project p;
  p.title = std::move(title);
  return p;
}

const Viewer kEditor{.sees_all = false, .organisation = "assoc-oujda"};
const Viewer kOtherEditor{.sees_all = false, .organisation = "region-oriental"};
const Viewer kAnonymous{};
const Viewer kValidator{.sees_all = true, .organisation = "ministry"};

TEST(ProjectServiceTest, CreateStartsAsDraftAndRecordsAnEvent) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto p = svc.Create(Titled("Diaspora skills"), "", kEditor);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->state, State::kDraft);
  EXPECT_EQ(p->revision, 1);
  EXPECT_EQ(store.events.size(), 1u);
}

TEST(ProjectServiceTest, InvalidProjectIsRejectedAndNothingStored) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto p = svc.Create(Titled(""), "bad id!", kEditor);
  ASSERT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(p.status()).size(), 2u);
  EXPECT_TRUE(store.events.empty());
}

TEST(ProjectServiceTest, SameRequestIdCreatesOnce) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto a = svc.Create(Titled("A"), "req-1", kEditor);
  auto b = svc.Create(Titled("A"), "req-1", kEditor);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(store.events.size(), 1u);
}

TEST(ProjectServiceTest, GetValidatesTheName) {
  MemoryProjectStore store;
  ProjectService svc(store);
  EXPECT_EQ(svc.Get("projects/nope", kEditor).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(svc.Get("organisations/00000000-0000-4000-8000-000000000001", kEditor).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(svc.Get("projects/00000000-0000-4000-8000-000000000001", kEditor).status().code(),
            absl::StatusCode::kNotFound);
  auto p = svc.Create(Titled("A"), "", kEditor);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(svc.Get("projects/" + p->id, kEditor).ok());
}

TEST(ProjectServiceTest, ListPagesThroughEverythingOnce) {
  MemoryProjectStore store;
  ProjectService svc(store);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(svc.Create(Titled("P" + std::to_string(i)), "", kEditor).ok());
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    auto r = svc.List(2, token, kEditor);
    ASSERT_TRUE(r.ok());
    for (const auto& p : r->projects) seen.push_back(p.title);
    token = r->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"P0", "P1", "P2", "P3", "P4"}));
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(svc.List(-1, "", kEditor).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ProjectServiceTest, NewProjectsBelongToTheEditorsOrganisation) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto p = svc.Create(Titled("A"), "", kEditor);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->organisation, "assoc-oujda");
  Project other = Titled("B");
  other.organisation = "region-oriental";
  EXPECT_EQ(svc.Create(other, "", kEditor).status().code(), absl::StatusCode::kPermissionDenied);
  // Those who see every organisation may create for any.
  auto q = svc.Create(other, "", kValidator);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->organisation, "region-oriental");
  other.organisation = "Not An Id";
  EXPECT_EQ(svc.Create(other, "", kValidator).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store.events.size(), 2u);
}

TEST(ProjectServiceTest, DraftsAreVisibleOnlyToTheirOrganisationAndToThoseWhoSeeAll) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto draft = svc.Create(Titled("Draft"), "", kEditor);
  auto published = svc.Create(Titled("Published"), "", kEditor);
  ASSERT_TRUE(draft.ok() && published.ok());
  store.SetState(published->id, State::kPublished);
  const std::string name = "projects/" + draft->id;
  EXPECT_TRUE(svc.Get(name, kEditor).ok());
  EXPECT_TRUE(svc.Get(name, kValidator).ok());
  // Hidden exactly like a project that does not exist.
  auto hidden = svc.Get(name, kOtherEditor);
  EXPECT_EQ(hidden.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(svc.Get(name, kAnonymous).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(svc.Get("projects/" + published->id, kAnonymous).ok());
  const auto titles = [&](const Viewer& v) {
    std::vector<std::string> out;
    absl::StatusOr<ListResult> r = svc.List(0, "", v);
    if (!r.ok()) return out;
    for (const auto& p : r->projects) out.push_back(p.title);
    return out;
  };
  EXPECT_EQ(titles(kEditor), (std::vector<std::string>{"Draft", "Published"}));
  EXPECT_EQ(titles(kValidator), (std::vector<std::string>{"Draft", "Published"}));
  EXPECT_EQ(titles(kOtherEditor), (std::vector<std::string>{"Published"}));
  EXPECT_EQ(titles(kAnonymous), (std::vector<std::string>{"Published"}));
}

TEST(ProjectServiceTest, UpdateChangesOnlyTheMaskedFieldsWithTheCurrentEtag) {
  MemoryProjectStore store;
  ProjectService svc(store);
  Project original = Titled("Avant");
  original.summary = "Résumé";
  auto p = svc.Create(original, "", kEditor);
  ASSERT_TRUE(p.ok());
  const std::string name = "projects/" + p->id;
  Project patch = Titled("Après");
  patch.summary = "ignored: not in the mask";
  auto u = svc.Update(name, EtagFor(p->revision), patch, {"title"}, kEditor);
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->title, "Après");
  EXPECT_EQ(u->summary, "Résumé");
  EXPECT_EQ(u->revision, p->revision + 1);
  EXPECT_EQ(store.events.back(), "updated:" + p->id + ":1");
  // HTTP forms of the etag are understood.
  EXPECT_TRUE(
      svc.Update(name, "\"" + EtagFor(u->revision) + "\"", patch, {"summary"}, kEditor).ok());
}

TEST(ProjectServiceTest, StaleEtagIsAbortedAndNothingWritten) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto p = svc.Create(Titled("Un"), "", kEditor);
  ASSERT_TRUE(p.ok());
  const std::string name = "projects/" + p->id;
  const std::string read = EtagFor(p->revision);
  ASSERT_TRUE(svc.Update(name, read, Titled("Deux"), {"title"}, kEditor).ok());
  const size_t events = store.events.size();
  auto late = svc.Update(name, read, Titled("Trois"), {"title"}, kEditor);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(svc.Get(name, kEditor)->title, "Deux");
  EXPECT_EQ(store.events.size(), events);
}

TEST(ProjectServiceTest, UpdateRefusesBadRequestsOtherOrganisationsAndHiddenProjects) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto p = svc.Create(Titled("Un"), "", kEditor);
  ASSERT_TRUE(p.ok());
  const std::string name = "projects/" + p->id;
  const std::string etag = EtagFor(p->revision);
  auto fields = [](const absl::Status& s) {
    std::vector<std::string> out;
    for (const auto& v : core::FieldViolations(s)) out.push_back(v.field);
    return out;
  };
  EXPECT_EQ(fields(svc.Update(name, "", Titled("x"), {}, kEditor).status()),
            (std::vector<std::string>{"project.etag", "update_mask"}));
  EXPECT_EQ(fields(svc.Update(name, "nope", Titled("x"), {"state"}, kEditor).status()),
            (std::vector<std::string>{"project.etag", "update_mask"}));
  EXPECT_EQ(fields(svc.Update(name, etag, Titled(""), {"title"}, kEditor).status()),
            std::vector<std::string>{"project.title"});
  // Another organisation's editor cannot see the draft; a validator may change it.
  EXPECT_EQ(svc.Update(name, etag, Titled("x"), {"title"}, kOtherEditor).status().code(),
            absl::StatusCode::kNotFound);
  store.SetState(p->id, State::kPublished);
  EXPECT_EQ(svc.Update(name, etag, Titled("x"), {"title"}, kOtherEditor).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(svc.Update(name, etag, Titled("x"), {"title"}, kValidator).status().code(),
            absl::StatusCode::kFailedPrecondition)
      << "published projects change through revisions";
  store.SetState(p->id, State::kDraft);
  EXPECT_TRUE(svc.Update(name, etag, Titled("x"), {"title"}, kValidator).ok());
  EXPECT_EQ(store.events.size(), 2u) << "one create, one update";
}

}  // namespace
}  // namespace atlas::registry
