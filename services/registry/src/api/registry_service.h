// gRPC adapter for atlas.registry.v1.RegistryService: proto <-> domain and
// status mapping, nothing more.
#ifndef ATLAS_REGISTRY_API_REGISTRY_SERVICE_H_
#define ATLAS_REGISTRY_API_REGISTRY_SERVICE_H_

#include <functional>
#include <string_view>

#include "atlas/registry/v1/registry_service.grpc.pb.h"
#include "registry/domain/consultation_service.h"
#include "registry/domain/dialogue_ports.h"
#include "registry/domain/dialogue_service.h"
#include "registry/domain/evaluation_service.h"
#include "registry/domain/exchange.h"
#include "registry/domain/library.h"
#include "registry/domain/maison.h"
#include "registry/domain/plan.h"
#include "registry/domain/project_service.h"
#include "registry/domain/project_sheet.h"
#include "registry/domain/theme_service.h"

namespace atlas::rpc {
class Authorizer;
struct Caller;
}  // namespace atlas::rpc

namespace atlas::registry {

// The registry's sub-domains, each served by its own handlers file
// (project_, exchange_, dialogue_, evaluation_, consultation_,
// theme_, maison_, library_, plan_handlers.cc). All but projects are optional: a process (or a
// test) without one answers its RPCs UNIMPLEMENTED.
struct RegistryRooms {
  ProjectService* projects = nullptr;  // required
  DialogueService* dialogue = nullptr;
  EvaluationService* evaluations = nullptr;
  PortfolioAnalyzer* portfolio = nullptr;
  ConsultationService* consultations = nullptr;
  ThemeService* themes = nullptr;
  MaisonDirectory* maisons = nullptr;
  Library* library = nullptr;
  PlanService* plans = nullptr;
  ReportingOrg reporting = {};     // the exports' reporting organisation
  v1::IndicativeRates rates = {};  // ListVocabularies shows them
  // The printed project sheet (GetProjectSheet): a renderer (none:
  // UNAVAILABLE), the regions' outlines (none: a sheet without its map) and
  // the public origin its links name.
  report::PdfRenderer* pdf = nullptr;
  const RegionOutlines* outlines = nullptr;
  std::string public_url = {};
};

class RegistryServiceImpl final : public atlas::registry::v1::RegistryService::CallbackService {
 public:
  RegistryServiceImpl(RegistryRooms rooms, rpc::Authorizer& authz)
      : rooms_(std::move(rooms)), service_(*rooms_.projects), authz_(authz) {}

  grpc::ServerUnaryReactor* CreateProject(grpc::CallbackServerContext* ctx,
                                          const v1::CreateProjectRequest* req,
                                          v1::Project* resp) override;
  grpc::ServerUnaryReactor* UpdateProject(grpc::CallbackServerContext* ctx,
                                          const v1::UpdateProjectRequest* req,
                                          v1::Project* resp) override;
  grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* ctx,
                                       const v1::GetProjectRequest* req,
                                       v1::Project* resp) override;
  grpc::ServerUnaryReactor* GetProjectSheet(grpc::CallbackServerContext* ctx,
                                            const v1::GetProjectSheetRequest* req,
                                            api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* ListProjects(grpc::CallbackServerContext* ctx,
                                         const v1::ListProjectsRequest* req,
                                         v1::ListProjectsResponse* resp) override;
  grpc::ServerUnaryReactor* SubmitProject(grpc::CallbackServerContext* ctx,
                                          const v1::SubmitProjectRequest* req,
                                          v1::Project* resp) override;
  grpc::ServerUnaryReactor* PublishProject(grpc::CallbackServerContext* ctx,
                                           const v1::PublishProjectRequest* req,
                                           v1::Project* resp) override;
  grpc::ServerUnaryReactor* RejectProject(grpc::CallbackServerContext* ctx,
                                          const v1::RejectProjectRequest* req,
                                          v1::Project* resp) override;
  grpc::ServerUnaryReactor* ArchiveProject(grpc::CallbackServerContext* ctx,
                                           const v1::ArchiveProjectRequest* req,
                                           v1::Project* resp) override;
  grpc::ServerUnaryReactor* SetGoodPractice(grpc::CallbackServerContext* ctx,
                                            const v1::SetGoodPracticeRequest* req,
                                            v1::Project* resp) override;
  grpc::ServerUnaryReactor* ListProjectRevisions(grpc::CallbackServerContext* ctx,
                                                 const v1::ListProjectRevisionsRequest* req,
                                                 v1::ListProjectRevisionsResponse* resp) override;
  grpc::ServerUnaryReactor* DiffProjectRevisions(grpc::CallbackServerContext* ctx,
                                                 const v1::DiffProjectRevisionsRequest* req,
                                                 v1::DiffProjectRevisionsResponse* resp) override;
  grpc::ServerUnaryReactor* ExportProjects(grpc::CallbackServerContext* ctx,
                                           const v1::ExportProjectsRequest* req,
                                           api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* ImportProjects(grpc::CallbackServerContext* ctx,
                                           const v1::ImportProjectsRequest* req,
                                           v1::ImportProjectsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateComment(grpc::CallbackServerContext* ctx,
                                          const v1::CreateCommentRequest* req,
                                          v1::Comment* resp) override;
  grpc::ServerUnaryReactor* ListComments(grpc::CallbackServerContext* ctx,
                                         const v1::ListCommentsRequest* req,
                                         v1::ListCommentsResponse* resp) override;
  grpc::ServerUnaryReactor* MarkCommentsRead(grpc::CallbackServerContext* ctx,
                                             const v1::MarkCommentsReadRequest* req,
                                             google::protobuf::Empty* resp) override;
  grpc::ServerUnaryReactor* ResolveComment(grpc::CallbackServerContext* ctx,
                                           const v1::ResolveCommentRequest* req,
                                           v1::Comment* resp) override;
  grpc::ServerUnaryReactor* CreateEvaluation(grpc::CallbackServerContext* ctx,
                                             const v1::CreateEvaluationRequest* req,
                                             v1::Evaluation* resp) override;
  grpc::ServerUnaryReactor* UpdateEvaluation(grpc::CallbackServerContext* ctx,
                                             const v1::UpdateEvaluationRequest* req,
                                             v1::Evaluation* resp) override;
  grpc::ServerUnaryReactor* ListEvaluations(grpc::CallbackServerContext* ctx,
                                            const v1::ListEvaluationsRequest* req,
                                            v1::ListEvaluationsResponse* resp) override;
  grpc::ServerUnaryReactor* SimilarProjects(grpc::CallbackServerContext* ctx,
                                            const v1::SimilarProjectsRequest* req,
                                            v1::SimilarProjectsResponse* resp) override;
  grpc::ServerWriteReactor<v1::Project>* StreamProjects(
      grpc::CallbackServerContext* ctx, const v1::StreamProjectsRequest* req) override;
  grpc::ServerReadReactor<v1::ImportProjectStreamRequest>* ImportProjectStream(
      grpc::CallbackServerContext* ctx, v1::ImportProjectsResponse* resp) override;
  grpc::ServerUnaryReactor* ListThemes(grpc::CallbackServerContext* ctx,
                                       const v1::ListThemesRequest* req,
                                       v1::ListThemesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateTheme(grpc::CallbackServerContext* ctx,
                                        const v1::CreateThemeRequest* req,
                                        v1::Theme* resp) override;
  grpc::ServerUnaryReactor* UpdateTheme(grpc::CallbackServerContext* ctx,
                                        const v1::UpdateThemeRequest* req,
                                        v1::Theme* resp) override;
  grpc::ServerUnaryReactor* DeleteTheme(grpc::CallbackServerContext* ctx,
                                        const v1::DeleteThemeRequest* req,
                                        google::protobuf::Empty* resp) override;
  grpc::ServerUnaryReactor* ListMaisons(grpc::CallbackServerContext* ctx,
                                        const v1::ListMaisonsRequest* req,
                                        v1::ListMaisonsResponse* resp) override;
  grpc::ServerUnaryReactor* GetMaison(grpc::CallbackServerContext* ctx,
                                      const v1::GetMaisonRequest* req, v1::Maison* resp) override;
  grpc::ServerUnaryReactor* ExportMaisons(grpc::CallbackServerContext* ctx,
                                          const v1::ExportMaisonsRequest* req,
                                          api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* CreateMaison(grpc::CallbackServerContext* ctx,
                                         const v1::CreateMaisonRequest* req,
                                         v1::Maison* resp) override;
  grpc::ServerUnaryReactor* UpdateMaison(grpc::CallbackServerContext* ctx,
                                         const v1::UpdateMaisonRequest* req,
                                         v1::Maison* resp) override;
  grpc::ServerUnaryReactor* DeleteMaison(grpc::CallbackServerContext* ctx,
                                         const v1::DeleteMaisonRequest* req,
                                         google::protobuf::Empty* resp) override;
  grpc::ServerUnaryReactor* ListDocuments(grpc::CallbackServerContext* ctx,
                                          const v1::ListDocumentsRequest* req,
                                          v1::ListDocumentsResponse* resp) override;
  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* ctx,
                                        const v1::GetDocumentRequest* req,
                                        v1::LibraryDocument* resp) override;
  grpc::ServerUnaryReactor* GetDocumentFile(grpc::CallbackServerContext* ctx,
                                            const v1::GetDocumentFileRequest* req,
                                            api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* CreateDocument(grpc::CallbackServerContext* ctx,
                                           const v1::CreateDocumentRequest* req,
                                           v1::LibraryDocument* resp) override;
  grpc::ServerUnaryReactor* UpdateDocument(grpc::CallbackServerContext* ctx,
                                           const v1::UpdateDocumentRequest* req,
                                           v1::LibraryDocument* resp) override;
  grpc::ServerUnaryReactor* DeleteDocument(grpc::CallbackServerContext* ctx,
                                           const v1::DeleteDocumentRequest* req,
                                           google::protobuf::Empty* resp) override;
  grpc::ServerUnaryReactor* ListVocabularies(grpc::CallbackServerContext* ctx,
                                             const v1::ListVocabulariesRequest* req,
                                             v1::ListVocabulariesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateConsultation(grpc::CallbackServerContext* ctx,
                                               const v1::CreateConsultationRequest* req,
                                               v1::Consultation* resp) override;
  grpc::ServerUnaryReactor* ListConsultations(grpc::CallbackServerContext* ctx,
                                              const v1::ListConsultationsRequest* req,
                                              v1::ListConsultationsResponse* resp) override;
  grpc::ServerUnaryReactor* GetConsultation(grpc::CallbackServerContext* ctx,
                                            const v1::GetConsultationRequest* req,
                                            v1::Consultation* resp) override;
  grpc::ServerUnaryReactor* CastBallot(grpc::CallbackServerContext* ctx,
                                       const v1::CastBallotRequest* req,
                                       v1::Consultation* resp) override;
  grpc::ServerUnaryReactor* CloseConsultation(grpc::CallbackServerContext* ctx,
                                              const v1::CloseConsultationRequest* req,
                                              v1::Consultation* resp) override;
  grpc::ServerUnaryReactor* AnalyzePortfolio(grpc::CallbackServerContext* ctx,
                                             const v1::AnalyzePortfolioRequest* req,
                                             v1::PortfolioAnalysis* resp) override;

  grpc::ServerUnaryReactor* ListPlans(grpc::CallbackServerContext* ctx,
                                      const v1::ListPlansRequest* req,
                                      v1::ListPlansResponse* resp) override;
  grpc::ServerUnaryReactor* GetPlan(grpc::CallbackServerContext* ctx, const v1::GetPlanRequest* req,
                                    v1::Plan* resp) override;
  grpc::ServerUnaryReactor* ExportPlan(grpc::CallbackServerContext* ctx,
                                       const v1::ExportPlanRequest* req,
                                       api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* CreatePlan(grpc::CallbackServerContext* ctx,
                                       const v1::CreatePlanRequest* req, v1::Plan* resp) override;
  grpc::ServerUnaryReactor* UpdatePlan(grpc::CallbackServerContext* ctx,
                                       const v1::UpdatePlanRequest* req, v1::Plan* resp) override;
  grpc::ServerUnaryReactor* DeletePlan(grpc::CallbackServerContext* ctx,
                                       const v1::DeletePlanRequest* req,
                                       google::protobuf::Empty* resp) override;
  grpc::ServerUnaryReactor* ListPlanRevisions(grpc::CallbackServerContext* ctx,
                                              const v1::ListPlanRevisionsRequest* req,
                                              v1::ListPlanRevisionsResponse* resp) override;
  grpc::ServerUnaryReactor* ListPlanComments(grpc::CallbackServerContext* ctx,
                                             const v1::ListPlanCommentsRequest* req,
                                             v1::ListPlanCommentsResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePlanComment(grpc::CallbackServerContext* ctx,
                                              const v1::CreatePlanCommentRequest* req,
                                              v1::PlanComment* resp) override;

 private:
  // Trace, authorise `method`, run `fn` on the plans as the caller (UNIMPLEMENTED without them).
  grpc::ServerUnaryReactor* WithPlans(
      grpc::CallbackServerContext* ctx, std::string_view method,
      const std::function<absl::Status(PlanService&, const PlanCaller&)>& fn);
  // Trace, authorise `method`, run `fn` as the caller, finish with its status.
  grpc::ServerUnaryReactor* Handle(grpc::CallbackServerContext* ctx, std::string_view method,
                                   const std::function<absl::Status(const Actor&)>& fn);
  // The workflow methods: one request message each (AIP-136), one path.
  template <typename Request>
  grpc::ServerUnaryReactor* Transition(grpc::CallbackServerContext* ctx, std::string_view method,
                                       Action action, const Request* req, v1::Project* resp);

  RegistryRooms rooms_;
  ProjectService& service_;
  rpc::Authorizer& authz_;
};

// Who `caller` is for the registry.
Actor ActorOf(const rpc::Caller& caller);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_API_REGISTRY_SERVICE_H_
