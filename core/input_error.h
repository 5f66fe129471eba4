/** @file input_error.h
 *  @brief Compatibility include: InputError and at_line now live in errors.h with the other
 *  error kinds.
 */
#pragma once

#include "errors.h"
