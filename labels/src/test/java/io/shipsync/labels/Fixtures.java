package io.shipsync.labels;

import io.shipsync.carriers.Carrier;
import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.carriers.TrackingNumberCheck;
import java.util.ArrayList;
import java.util.List;

/** Labels as a shop's print run has them: four carriers' number formats, masked receivers, one to five items. */
final class Fixtures {

    private static final CarrierCatalog CATALOG = CarrierCatalog.standard();
    private static final String[] NAMES = {"张*", "李**", "欧阳**", "王*"};
    private static final String[] PRODUCTS = {"陶瓷马克杯 350ml 白色", "纯棉T恤 M码 藏青", "不锈钢保温杯 500ml（礼盒装，附杯刷与替换杯盖）",
            "手工皂 3块装", "无线蓝牙耳机 降噪版 黑色"};

    private Fixtures() {
    }

    /** Label {@code i} (from 0): distinct order id and tracking number, both derived from {@code i}. */
    static Label label(int i) {
        String serial = String.format("%08d", i);
        String[] carrierAndNumber = switch (i % 4) {
            case 0 -> new String[] {"SF", sf("SF1342" + serial)};
            case 1 -> new String[] {"YTO", "YT9383" + serial + "7"};
            case 2 -> new String[] {"ZTO", "75012" + serial + "3"};
            default -> new String[] {"JD", "JDVA467" + serial};
        };
        Carrier carrier = CATALOG.byDeliveryId(carrierAndNumber[0]).orElseThrow();
        String trackingNumber = carrierAndNumber[1];
        if (CATALOG.check(carrier.deliveryId(), trackingNumber) instanceof TrackingNumberCheck.Refused refused) {
            throw new IllegalStateException(refused.reason());
        }
        List<Label.Item> items = new ArrayList<>();
        for (int k = 0; k <= i % 5; k++) {
            items.add(new Label.Item(PRODUCTS[(i + k) % PRODUCTS.length], 1 + (i + k) % 3));
        }
        Label.Contact sender = i % 2 == 0 ? new Label.Contact("ShipSync 杭州仓", "0571-8888****", "浙江省杭州市余杭区仓前街道") : null;
        return new Label("ShipSync 演示小店", "37051150584" + serial, carrier.chineseName(), carrier.deliveryId(),
                trackingNumber, new Label.Contact(NAMES[i % NAMES.length], "138****" + String.format("%04d", i % 10_000),
                "浙江省杭州市西湖区文三路" + (i % 500 + 1) + "号 数字大厦 " + (i % 30 + 1) + " 楼"), sender, items);
    }

    /** The SF number with the 13th digit that makes its check digit right: the catalog holds the algorithm. */
    private static String sf(String first14) {
        for (int digit = 0; digit <= 9; digit++) {
            String number = first14 + digit;
            if (CATALOG.check("SF", number).ok()) {
                return number;
            }
        }
        throw new IllegalStateException("no check digit makes " + first14 + "? an SF number");
    }
}
