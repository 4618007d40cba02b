# Compile options shared by every first-party target (not by generated code).
add_library(atlas_options INTERFACE)
add_library(atlas::options ALIAS atlas_options)
target_compile_options(atlas_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(ATLAS_WERROR)
  target_compile_options(atlas_options INTERFACE -Werror)
endif()

# Sanitizers apply to everything we compile (generated code included) so that
# instrumented and uninstrumented code never disagree about a shared object.
if(ATLAS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

# atlas_add_test(NAME target SOURCES ... LIBS ...): a GoogleTest binary whose
# cases are discovered into ctest. LABELS go to every discovered test.
function(atlas_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} atlas::options GTest::gtest_main GTest::gmock)
  gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${T_LABELS}" TIMEOUT 120)
endfunction()
