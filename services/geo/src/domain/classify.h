// Class breaks for choropleth legends.
#ifndef ATLAS_GEO_DOMAIN_CLASSIFY_H_
#define ATLAS_GEO_DOMAIN_CLASSIFY_H_

#include <vector>

namespace atlas::geo {

// Upper bounds of up to `classes` classes over `values` (the last is the
// maximum; fewer when there are fewer distinct values); empty if no values.
// Quantiles: about as many values in each class.
std::vector<double> QuantileBreaks(std::vector<double> values, int classes);
// Jenks natural breaks (Fisher's exact optimisation): classes that minimise
// the squared deviations within them.
std::vector<double> JenksBreaks(std::vector<double> values, int classes);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_CLASSIFY_H_
