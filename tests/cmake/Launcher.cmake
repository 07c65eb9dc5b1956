# cmake -DPROGRAM=<lookahead> -DWORK=<dir> -P Launcher.cmake
# The launcher (app/main.cpp) links no Qt, so batch runs never load it, and it still opens the
# explorer: it must start `lookahead-explorer` with its arguments (here: render the default sample
# to an image with Qt's offscreen platform).
file(GET_RUNTIME_DEPENDENCIES EXECUTABLES "${PROGRAM}" RESOLVED_DEPENDENCIES_VAR resolved
  UNRESOLVED_DEPENDENCIES_VAR unresolved)
foreach(library IN LISTS resolved unresolved)
  if(library MATCHES "Qt6|QCustomPlot|libGL")
    message(FATAL_ERROR "${PROGRAM} links ${library}: the batch commands would load the GUI libraries")
  endif()
endforeach()

set(image "${WORK}/launcher-screenshot.png")
file(REMOVE "${image}")
set(ENV{QT_QPA_PLATFORM} offscreen)
execute_process(COMMAND "${PROGRAM}" --screenshot "${image}" --size 320x200
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0 OR NOT EXISTS "${image}")
  message(FATAL_ERROR "${PROGRAM} --screenshot exited ${result}, image written: ${image}\n${output}${errors}")
endif()
