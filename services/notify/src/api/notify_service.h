// gRPC adapter for atlas.notify.v1.NotifyService.
#ifndef ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_
#define ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_

#include "atlas/notify/v1/notify_service.grpc.pb.h"

namespace atlas::db {
class Pool;
}

namespace atlas::notify {

class NotifyServiceImpl final : public atlas::notify::v1::NotifyService::CallbackService {
 public:
  explicit NotifyServiceImpl(db::Pool& pool) : pool_(pool) {}
  grpc::ServerUnaryReactor* ListInboxEntries(grpc::CallbackServerContext* ctx,
                                             const v1::ListInboxEntriesRequest* req,
                                             v1::ListInboxEntriesResponse* resp) override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_
