/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TpApplication       TpApplication;
typedef struct _TpDocument          TpDocument;
typedef struct _TpFileMemory        TpFileMemory;
typedef struct _TpFindBar           TpFindBar;
typedef struct _TpLongLines         TpLongLines;
typedef struct _TpPreferencesDialog TpPreferencesDialog;
typedef struct _TpStatusLabel       TpStatusLabel;
typedef struct _TpTab               TpTab;
typedef struct _TpView              TpView;
typedef struct _TpWindow            TpWindow;

G_END_DECLS
