# cmake --install: headers under include/weft/ (so `#include "net/core/reactor.h"` keeps its
# path without a top-level net/ beside glibc's <net/if.h>), the static libraries, the fonts, the
# tools, the weft CMake package (weftConfig.cmake, exported weft::net, weft::testing and, when
# built, weft::engine) and the same libraries for pkg-config (weft-net.pc, weft-testing.pc,
# weft-engine.pc). tests/package/check.sh builds outside projects against it.
include(CMakePackageConfigHelpers)

set(WEFT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/weft
    CACHE STRING "Where weftConfig.cmake goes, relative to the install prefix")
set(weft_include_subdir ${CMAKE_INSTALL_INCLUDEDIR}/weft)
set(weft_assets_subdir ${CMAKE_INSTALL_DATADIR}/weft/assets)

# weft_warnings is a build-only flag set. A static library records its PRIVATE links in its
# interface as $<LINK_ONLY:...> (its consumers link what it links), so install(EXPORT) would
# demand that weft_warnings be exported too; it has nothing to link, so it is dropped from the
# installed interface instead. Done here once, so every CMakeLists keeps `PRIVATE weft_warnings`.
function(weft_keep_warnings_in_build target)
  get_target_property(links ${target} INTERFACE_LINK_LIBRARIES)
  if(links)
    list(TRANSFORM links REPLACE "^\\$<LINK_ONLY:weft_warnings>$"
         "$<BUILD_INTERFACE:$<LINK_ONLY:weft_warnings>>")
    set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES "${links}")
  endif()
endfunction()

# pkg-config's imported targets are not exported (they belong to the consumer's system): the
# config makes again each one an exported target links. Known ones, as PREFIX=module:
set(weft_pkg_modules ENET=libenet SDL2=sdl2 IMGUI=imgui STB=stb)
# weft_pkg_modules_of(VAR targets...): the PREFIX=module pairs those targets link; a PkgConfig::
# target missing from the list above stops the configure (the installed package would not load).
function(weft_pkg_modules_of var)
  set(pairs "")
  foreach(target IN LISTS ARGN)
    get_target_property(links ${target} INTERFACE_LINK_LIBRARIES)
    string(REGEX MATCHALL "PkgConfig::[A-Za-z0-9_]+" used "${links}")
    foreach(link IN LISTS used)
      string(REPLACE "PkgConfig::" "" prefix ${link})
      set(pair ${weft_pkg_modules})
      list(FILTER pair INCLUDE REGEX "^${prefix}=")
      if(NOT pair)
        message(FATAL_ERROR "${target} links ${link}: add ${prefix}=<pkg-config module> to "
                            "weft_pkg_modules in tools/cmake/weft_install.cmake")
      endif()
      list(APPEND pairs ${pair})
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES pairs)
  set(${var} "${pairs}" PARENT_SCOPE)
endfunction()

# --- weft::net and weft::testing ------------------------------------------------------------
# Every header of net/, detail/ included: public headers include net/core/detail/ ones
# (event_loop.h, connection.h, timer_heap.h, producer_gate.h). Not net/examples/ (programs).
install(DIRECTORY net/ DESTINATION ${weft_include_subdir}/net
        FILES_MATCHING PATTERN "*.h" PATTERN examples EXCLUDE)
set_target_properties(weft_net PROPERTIES EXPORT_NAME net)
set_target_properties(weft_testing PROPERTIES EXPORT_NAME testing)
foreach(target weft_net weft_testing)
  weft_keep_warnings_in_build(${target})
endforeach()
install(TARGETS weft_net weft_testing EXPORT weftNetTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT weftNetTargets NAMESPACE weft:: DESTINATION ${WEFT_INSTALL_CMAKEDIR})
weft_pkg_modules_of(weft_net_pkg_modules weft_net weft_testing)

# --- weft::engine (its own export file: the config loads it, and looks for SDL2 and ImGui,
# only when the engine is asked for) -------------------------------------------------------
if(TARGET weft_engine)
  install(DIRECTORY engine/ DESTINATION ${weft_include_subdir}/engine
          FILES_MATCHING PATTERN "*.h" PATTERN examples EXCLUDE)
  set_target_properties(weft_engine PROPERTIES EXPORT_NAME engine)
  weft_keep_warnings_in_build(weft_engine)
  install(TARGETS weft_engine EXPORT weftEngineTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT weftEngineTargets NAMESPACE weft:: DESTINATION ${WEFT_INSTALL_CMAKEDIR})
  weft_pkg_modules_of(weft_engine_pkg_modules weft_engine)
  set(weft_engine_built TRUE)
else()
  set(weft_engine_built FALSE)
  set(weft_engine_pkg_modules "")
endif()

# --- fonts and data, tools ---------------------------------------------------------------------
install(DIRECTORY assets/ DESTINATION ${weft_assets_subdir})
# weft-bench stays in the build tree: it runs Twisted scripts from the source tree.
install(TARGETS weft-chatd weft-chat weft-chatlog weft-netsim weft-lan arena-server arena-bot
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# --- the package -------------------------------------------------------------------------------
configure_package_config_file(tools/cmake/weftConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/weftConfig.cmake
  INSTALL_DESTINATION ${WEFT_INSTALL_CMAKEDIR}
  PATH_VARS weft_assets_subdir)
# 0.x: a minor release may break the API, so only the same major.minor satisfies a request.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/weftConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/weftConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/weftConfigVersion.cmake
        DESTINATION ${WEFT_INSTALL_CMAKEDIR})

# --- pkg-config: weft-net.pc, weft-testing.pc, weft-engine.pc ---------------------------------
# For games built with Make or Meson: c++ game.cpp $(pkg-config --cflags --libs weft-engine).
# Relocatable like weftConfig.cmake: the prefix is found from the .pc file's own place
# (${pcfiledir}), so `cmake --install --prefix` anywhere, or a copied tree, gives true paths.
set(WEFT_INSTALL_PKGCONFIGDIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig
    CACHE STRING "Where weft's pkg-config files go, relative to the install prefix")
if(IS_ABSOLUTE "${WEFT_INSTALL_PKGCONFIGDIR}")
  set(weft_pc_prefix "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH weft_pc_up /prefix/${WEFT_INSTALL_PKGCONFIGDIR} /prefix)
  string(REGEX REPLACE "/$" "" weft_pc_up "${weft_pc_up}")
  set(weft_pc_prefix "\${pcfiledir}/${weft_pc_up}")
endif()
# weft_pc_dir(VAR DIR): DIR as a .pc file names it, under ${prefix} unless it is absolute.
function(weft_pc_dir var dir)
  if(IS_ABSOLUTE "${dir}")
    set(${var} "${dir}" PARENT_SCOPE)
  else()
    set(${var} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
weft_pc_dir(weft_pc_libdir ${CMAKE_INSTALL_LIBDIR})
weft_pc_dir(weft_pc_includedir ${weft_include_subdir})
weft_pc_dir(weft_pc_assetsdir ${weft_assets_subdir})
set(weft_pc_files weft-net weft-testing)

if(TARGET weft_engine)
  # A program links what a static library links, and `pkg-config --libs` without --static
  # leaves out the Requires.private: for static libraries (the default) the engine's private
  # stb goes in Requires, for shared ones in Requires.private.
  get_target_property(weft_engine_type weft_engine TYPE)
  if(weft_engine_type STREQUAL STATIC_LIBRARY)
    set(weft_pc_engine_requires "stb")
    set(weft_pc_engine_private_requires "")
  else()
    set(weft_pc_engine_requires "")
    set(weft_pc_engine_private_requires "Requires.private: stb")
  endif()
  # The engine's system include directories (ImGui's backend headers, whose code is compiled
  # into the library): what its exported target gives CMake users, given to pkg-config's too.
  get_target_property(weft_engine_includes weft_engine INTERFACE_INCLUDE_DIRECTORIES)
  list(FILTER weft_engine_includes EXCLUDE REGEX "^\\$<")
  set(weft_pc_engine_cflags "")
  foreach(dir IN LISTS weft_engine_includes)
    string(APPEND weft_pc_engine_cflags " -I${dir}")
  endforeach()
  list(APPEND weft_pc_files weft-engine)
endif()

foreach(pc IN LISTS weft_pc_files)
  configure_file(tools/cmake/${pc}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc DESTINATION ${WEFT_INSTALL_PKGCONFIGDIR})
endforeach()
