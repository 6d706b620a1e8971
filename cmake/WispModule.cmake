# wisp_module(NAME SOURCES ... DEPS ...)
#
# Declares the library target wisp_<NAME> for src/<NAME>. Public headers live
# in include/wisp/<NAME>/; private headers sit next to the sources. DEPS are
# other wisp modules (without the wisp_ prefix) or wisp_dep_* targets; the
# graph must stay one-way (see docs/architecture.md).
function(wisp_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(wisp_${name} STATIC ${M_SOURCES})
  target_include_directories(wisp_${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  foreach(dep IN LISTS M_DEPS)
    if(dep MATCHES "^wisp_dep_")
      target_link_libraries(wisp_${name} PUBLIC ${dep})
    else()
      target_link_libraries(wisp_${name} PUBLIC wisp_${dep})
    endif()
  endforeach()
  foreach(dep IN LISTS M_PRIVATE_DEPS)
    if(dep MATCHES "^wisp_dep_")
      target_link_libraries(wisp_${name} PRIVATE ${dep})
    else()
      target_link_libraries(wisp_${name} PRIVATE wisp_${dep})
    endif()
  endforeach()
endfunction()

# Final link settings shared by every executable.
function(wisp_link_executable target)
  target_link_libraries(${target} PRIVATE Threads::Threads)
  if(WISP_STATIC)
    target_link_libraries(${target} PRIVATE wisp_static_libs)
  endif()
endfunction()
