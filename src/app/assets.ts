import type { AssetSources } from '../platform/web/assets.ts';
import { deliveryAssets } from '../delivery/delivery.assets.ts';
import { deskAssets } from '../desk/desk.assets.ts';
import { bookingPageAssets } from '../consultations/booking-pages/booking-pages.assets.ts';
import { videoAssets } from '../video/video.assets.ts';
import { lectureAssets } from '../lectures/videos/videos.assets.ts';
import { guideAssets } from '../guide/guide.assets.ts';
import { stationAssets } from '../station/station.assets.ts';

// The domains' browser scripts and stylesheets, bundled when the server
// starts (platform's own, site.js and site.css, are always there). A domain
// with browser code adds its <domain>.assets.ts here.

export const assetSources: readonly AssetSources[] = [deliveryAssets, deskAssets, bookingPageAssets, videoAssets, guideAssets, lectureAssets, stationAssets];
