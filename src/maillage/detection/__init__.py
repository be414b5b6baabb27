"""Outbreak detection on weekly counts: the algorithms of R's `surveillance` in numpy.

Pure Python (numpy, scipy): no Django import, so `maillage detect` starts fast.
"""

from maillage.detection.base import Detection, DetectionError, SeriesBatch
from maillage.detection.ears import ears
from maillage.detection.farrington import FarringtonParams, farrington
from maillage.detection.flexible import FlexibleParams, farrington_flexible

__all__ = [
    "Detection",
    "DetectionError",
    "FarringtonParams",
    "FlexibleParams",
    "SeriesBatch",
    "ears",
    "farrington",
    "farrington_flexible",
]
