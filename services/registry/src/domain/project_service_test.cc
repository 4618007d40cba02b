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

TEST(ProjectServiceTest, CreateStartsAsDraftAndRecordsAnEvent) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto p = svc.Create(Titled("Diaspora skills"), "");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->state, State::kDraft);
  EXPECT_EQ(p->revision, 1);
  EXPECT_EQ(store.events.size(), 1u);
}

TEST(ProjectServiceTest, InvalidProjectIsRejectedAndNothingStored) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto p = svc.Create(Titled(""), "bad id!");
  ASSERT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(p.status()).size(), 2u);
  EXPECT_TRUE(store.events.empty());
}

TEST(ProjectServiceTest, SameRequestIdCreatesOnce) {
  MemoryProjectStore store;
  ProjectService svc(store);
  auto a = svc.Create(Titled("A"), "req-1");
  auto b = svc.Create(Titled("A"), "req-1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(store.events.size(), 1u);
}

TEST(ProjectServiceTest, GetValidatesTheName) {
  MemoryProjectStore store;
  ProjectService svc(store);
  EXPECT_EQ(svc.Get("projects/nope").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(svc.Get("organisations/00000000-0000-4000-8000-000000000001").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(svc.Get("projects/00000000-0000-4000-8000-000000000001").status().code(),
            absl::StatusCode::kNotFound);
  auto p = svc.Create(Titled("A"), "");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(svc.Get("projects/" + p->id).ok());
}

TEST(ProjectServiceTest, ListPagesThroughEverythingOnce) {
  MemoryProjectStore store;
  ProjectService svc(store);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(svc.Create(Titled("P" + std::to_string(i)), "").ok());
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    auto r = svc.List(2, token);
    ASSERT_TRUE(r.ok());
    for (const auto& p : r->projects) seen.push_back(p.title);
    token = r->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"P0", "P1", "P2", "P3", "P4"}));
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(svc.List(-1, "").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace atlas::registry
