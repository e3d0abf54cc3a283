# Installs the CMake package (find_package(patter) -> patter::runtime) and the pkg-config file
# for the shared runtime library, libpatter.so. Included from the top-level CMakeLists.txt after
# runtime/, which installs the library and the headers.
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(PATTER_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/patter)

install(EXPORT patterTargets
  NAMESPACE patter::
  FILE patterTargets.cmake
  DESTINATION ${PATTER_CMAKE_INSTALL_DIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/patterConfig.cmake.in
  ${PROJECT_BINARY_DIR}/patterConfig.cmake
  INSTALL_DESTINATION ${PATTER_CMAKE_INSTALL_DIR})
# 0.x releases promise nothing across minor versions; from 1.0 on, same major is compatible.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/patterConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/patterConfig.cmake
  ${PROJECT_BINARY_DIR}/patterConfigVersion.cmake
  DESTINATION ${PATTER_CMAKE_INSTALL_DIR})

# The .pc file finds its prefix from its own place (${pcfiledir}), so an installed tree can be
# moved, and `cmake --install build --prefix DIR` works without reconfiguring.
file(RELATIVE_PATH PATTER_PC_TO_PREFIX
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${CMAKE_CURRENT_LIST_DIR}/patter.pc.in ${PROJECT_BINARY_DIR}/patter.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/patter.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
