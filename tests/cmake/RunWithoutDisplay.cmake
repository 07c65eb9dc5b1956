# cmake -DPROGRAM=... -DARGUMENT=... -DEXPECT=REGEX -P RunWithoutDisplay.cmake
# Runs PROGRAM ARGUMENT with no display and no Qt platform chosen; fails unless it exits 0 and its
# standard output matches EXPECT.
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})
unset(ENV{QT_QPA_PLATFORM})
execute_process(COMMAND "${PROGRAM}" "${ARGUMENT}" RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} ${ARGUMENT} exited ${result} without a display:\n${output}${errors}")
endif()
if(NOT output MATCHES "${EXPECT}")
  message(FATAL_ERROR "${PROGRAM} ${ARGUMENT} printed:\n${output}\nexpected to match: ${EXPECT}")
endif()
