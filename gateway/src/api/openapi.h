// The OpenAPI 3.0 document of the REST surface, generated at start-up from
// the same route table (and message descriptors) the gateway serves.
#ifndef ATLAS_GATEWAY_API_OPENAPI_H_
#define ATLAS_GATEWAY_API_OPENAPI_H_

#include <string>

#include "gateway/routing/route_table.h"

namespace atlas::gateway {

std::string GenerateOpenApi(const RouteTable& routes, const std::string& version);

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_API_OPENAPI_H_
