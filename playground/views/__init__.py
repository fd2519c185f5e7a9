"""The playground's views: plain widgets fed with core's frozen Snapshot / Update objects.

They run in the GUI thread only and never touch a Session.
"""

from .backprop import BackpropView
from .grad_norms import GradNormPanel
from .loss_plot import LossPlot
from .matrices import MatrixPanel
from .prediction import PredictionView

__all__ = ["LossPlot", "MatrixPanel", "GradNormPanel", "PredictionView", "BackpropView"]
